// Search over the style and prompt catalogues (and model names): ranked arms, fixed sets, cursor paging.
import type { Database } from "bun:sqlite";
import { knownModels } from "../../generation/models/catalogue";
import type { ModelEntry } from "../../generation/models/model-entry";
import type { RenderJson, SearchPage, SearchSort } from "./model";
import { RENDER_COLUMNS, toRenderJson, type RenderRow } from "./render-row";

export class BadSearchError extends Error {
  override name = "BadSearchError";
}

const MAX_QUERY_WORDS = 8;
const MAX_WORD_LENGTH = 64;
/** Mixed matches ("fox oil painting": subject from the prompt, style from the phrase) are capped in cells. */
const MAX_MIXED_CELLS = 400;
// Words that every prompt has; a query "a fox in the snow" means its other words.
const STOP_WORDS = new Set(["a", "an", "the", "in", "on", "of", "at", "and", "with", "by", "for", "to", "is"]);

/** The words a query searches for: letters and digits only, so nothing typed is ever FTS5 syntax. */
export function queryWords(query: string): string[] {
  const all = (query.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.slice(0, MAX_WORD_LENGTH));
  if (all.length === 0) throw new BadSearchError("q must contain at least one letter or digit");
  const meaningful = all.filter((word) => !STOP_WORDS.has(word));
  return [...new Set(meaningful.length > 0 ? meaningful : all)].slice(0, MAX_QUERY_WORDS);
}

/** Each word a quoted prefix term, all required: operators and quotes typed by a user are plain words. */
export function matchExpression(words: readonly string[]): string {
  return words.map((word) => `"${word}"*`).join(" ");
}

/** Kept for callers of the style-only search: the same expression over a raw query. */
export function styleMatchExpression(query: string): string {
  return matchExpression(queryWords(query));
}

function modelWords(model: ModelEntry): string[] {
  return `${model.key} ${model.label}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Models whose key or name has every word as a prefix of one of its words ("flux", "local paint", "dall"). */
export function modelsMatching(words: readonly string[]): string[] {
  return knownModels().filter((model) => {
    const own = modelWords(model);
    return words.every((word) => own.some((candidate) => candidate.startsWith(word)));
  }).map((model) => model.key);
}

interface Arm {
  kind: "style" | "prompt" | "model" | "mixed";
  /** The table as the arm reads it (an index hint where the planner, without statistics, would guess wrong). */
  source: string;
  /** A condition on `r`, with its parameters. */
  where: string;
  params: (string | number)[];
  order: string;
  /** How many published renders the arm holds right now (called inside the read transaction). */
  count(): number;
}

interface Matches {
  styles: { slug: string; phrase: string }[];
  prompts: string[];
  models: string[];
  mixed: { slugs: string[]; prompts: string[] }[];
}

const json = (values: readonly string[]) => JSON.stringify(values);
/** An exclusion only when there is something to exclude: an empty NOT IN still costs a check per row. */
const notIn = (column: string, size: number) => (size > 0 ? ` AND ${column} NOT IN (SELECT value FROM json_each(?))` : "");
const IN_JSON = "(SELECT value FROM json_each(?))";

// Only entries with public renders: a private run's wording is never shown, and an entry without public
// renders has none at or below any snapshot either, so leaving it out never moves a page.
function matchingStyles(sqlite: Database, expression: string): { id: number; slug: string; phrase: string }[] {
  return sqlite
    .query(`SELECT id, slug, phrase FROM styles WHERE public_count > 0 AND id IN (SELECT rowid FROM styles_fts WHERE styles_fts MATCH ?) ORDER BY slug`)
    .all(expression) as { id: number; slug: string; phrase: string }[];
}

function matchingPrompts(sqlite: Database, expression: string): string[] {
  return (
    sqlite
      .query(`SELECT text FROM prompts WHERE public_count > 0 AND id IN (SELECT rowid FROM prompts_fts WHERE prompts_fts MATCH ?) ORDER BY text`)
      .all(expression) as { text: string }[]
  ).map((row) => row.text);
}

/**
 * Cells whose style covers some words and whose prompt covers the rest (neither alone covers all):
 * grouped by which words each side covers, so the work follows the catalogues, not the renders.
 */
function mixedMatches(sqlite: Database, words: readonly string[]): Matches["mixed"] {
  if (words.length < 2) return [];
  const all = (1 << words.length) - 1;
  const styleMasks = new Map<string, number>();
  const promptMasks = new Map<string, number>();
  words.forEach((word, index) => {
    const expression = matchExpression([word]);
    for (const style of matchingStyles(sqlite, expression)) styleMasks.set(style.slug, (styleMasks.get(style.slug) ?? 0) | (1 << index));
    for (const prompt of matchingPrompts(sqlite, expression)) promptMasks.set(prompt, (promptMasks.get(prompt) ?? 0) | (1 << index));
  });
  const group = (masks: Map<string, number>) => {
    const byMask = new Map<number, string[]>();
    for (const [key, mask] of [...masks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (mask !== all) byMask.set(mask, [...(byMask.get(mask) ?? []), key]);
    }
    return [...byMask].sort(([a], [b]) => b - a);
  };
  const groups: Matches["mixed"] = [];
  let cells = 0;
  for (const [styleMask, slugs] of group(styleMasks)) {
    for (const [promptMask, prompts] of group(promptMasks)) {
      if ((styleMask | promptMask) !== all || cells >= MAX_MIXED_CELLS) continue;
      const keptSlugs = slugs.slice(0, Math.max(1, Math.floor((MAX_MIXED_CELLS - cells) / prompts.length)));
      const keptPrompts = prompts.slice(0, MAX_MIXED_CELLS - cells);
      cells += keptSlugs.length * keptPrompts.length;
      groups.push({ slugs: keptSlugs, prompts: keptPrompts });
    }
  }
  return groups;
}

function findMatches(sqlite: Database, words: readonly string[]): Matches {
  const expression = matchExpression(words);
  return {
    styles: matchingStyles(sqlite, expression).map(({ slug, phrase }) => ({ slug, phrase })),
    prompts: matchingPrompts(sqlite, expression),
    models: modelsMatching(words),
    mixed: mixedMatches(sqlite, words),
  };
}

const RENDERS = "renders r";
// Style-and-subject cells are few: probing each (prompt, style) pair beats scanning every render of the prompts.
const BY_CELL = "renders r INDEXED BY renders_cell_idx";
const BY_PROMPT = "renders r INDEXED BY renders_prompt_gallery_idx";

function countWhere(sqlite: Database, where: string, params: (string | number)[], source = RENDERS): number {
  return (sqlite.query(`SELECT count(*) AS n FROM ${source} WHERE r.gallery_seq IS NOT NULL AND ${where}`).get(...params) as { n: number }).n;
}

/**
 * The four arms of a result set (always four, so a cursor always fits), in rank order and disjoint: renders of matching styles, then of matching
 * prompts (not already shown), then by a matching model, then mixed style-and-subject cells. Without a
 * model filter the first two are counted from the catalogues; the rest count only their own matches.
 */
function buildArms(sqlite: Database, matches: Matches, model: string | null): Arm[] {
  const slugs = json(matches.styles.map((style) => style.slug));
  const prompts = json(matches.prompts);
  const models = json(matches.models);
  const modelWhere = model === null ? "" : " AND r.model_key = ?";
  const modelParams = model === null ? [] : [model];
  const empty = (kind: Arm["kind"]): Arm => ({ kind, source: RENDERS, where: "0", params: [], order: "r.gallery_seq", count: () => 0 });
  const arms: Arm[] = [];
  if (matches.styles.length === 0) arms.push(empty("style"));
  else {
    const where = `r.style_slug IN ${IN_JSON}${modelWhere}`;
    const params = [slugs, ...modelParams];
    arms.push({
      kind: "style",
      source: RENDERS,
      where,
      params,
      // Filtered, the model's index gives this order without a sort.
      order: model === null ? "r.style_slug, r.gallery_seq" : "r.style_slug, r.base_prompt, r.gallery_seq",
      count: () =>
        model === null
          ? (sqlite.query(`SELECT coalesce(sum(public_count), 0) AS n FROM styles WHERE slug IN ${IN_JSON}`).get(slugs) as { n: number }).n
          : countWhere(sqlite, where, params),
    });
  }
  if (matches.prompts.length === 0) arms.push(empty("prompt"));
  else {
    const where = `r.base_prompt IN ${IN_JSON}${notIn("r.style_slug", matches.styles.length)}${modelWhere}`;
    const params = [prompts, ...(matches.styles.length > 0 ? [slugs] : []), ...modelParams];
    arms.push({
      kind: "prompt",
      // Filtered by model, the planner would sort the model's whole index; the prompt's index gives the
      // page's order directly and stops after it (the count still walks the model's index once).
      source: model === null ? RENDERS : BY_PROMPT,
      where,
      params,
      order: "r.base_prompt, r.gallery_seq",
      count: () => {
        if (model !== null) return countWhere(sqlite, where, params);
        const total = (sqlite.query(`SELECT coalesce(sum(public_count), 0) AS n FROM prompts WHERE text IN ${IN_JSON}`).get(prompts) as { n: number }).n;
        const shownAsStyles = matches.styles.length === 0 ? 0 : countWhere(sqlite, `r.base_prompt IN ${IN_JSON} AND r.style_slug IN ${IN_JSON}`, [prompts, slugs]);
        return total - shownAsStyles;
      },
    });
  }
  const chosenModels = model === null ? matches.models : matches.models.filter((key) => key === model);
  if (chosenModels.length === 0) arms.push(empty("model"));
  else {
    const where = `r.model_key IN ${IN_JSON}${notIn("r.style_slug", matches.styles.length)}${notIn("r.base_prompt", matches.prompts.length)}`;
    const params = [json(chosenModels), ...(matches.styles.length > 0 ? [slugs] : []), ...(matches.prompts.length > 0 ? [prompts] : [])];
    arms.push({ kind: "model", source: RENDERS, where, params, order: "r.model_key, r.style_slug, r.base_prompt, r.gallery_seq", count: () => countWhere(sqlite, where, params) });
  }
  if (matches.mixed.length === 0) arms.push(empty("mixed"));
  else {
    const cells = matches.mixed.map(() => `(r.style_slug IN ${IN_JSON} AND r.base_prompt IN ${IN_JSON})`).join(" OR ");
    const where = `(${cells})${notIn("r.model_key", matches.models.length)}${modelWhere}`;
    const params = [...matches.mixed.flatMap((group) => [json(group.slugs), json(group.prompts)]), ...(matches.models.length > 0 ? [models] : []), ...modelParams];
    arms.push({
      kind: "mixed",
      source: BY_CELL,
      where,
      params,
      order: "r.style_slug, r.base_prompt, r.gallery_seq",
      count: () => countWhere(sqlite, where, params, BY_CELL),
    });
  }
  return arms;
}

/** A whole gallery filtered by model only (no words): one arm walking the model's index per style. */
function modelOnlyArm(sqlite: Database, model: string): Arm {
  const where = "r.model_key = ?";
  return { kind: "model", source: RENDERS, where, params: [model], order: "r.style_slug, r.base_prompt, r.gallery_seq", count: () => countWhere(sqlite, where, [model]) };
}

interface SearchCursor {
  snapshot: number;
  counts: number[];
}

function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from([cursor.snapshot, ...cursor.counts].join(".")).toString("base64url");
}

function decodeCursor(raw: string, arms: number): SearchCursor {
  const parts = Buffer.from(raw, "base64url").toString("latin1").split(".");
  if (parts.length !== arms + 1 || !parts.every((part) => /^\d{1,15}$/.test(part))) {
    throw new BadSearchError("cursor is not one this server issued for this search");
  }
  const [snapshot, ...counts] = parts.map(Number);
  return { snapshot: snapshot!, counts };
}

function readAz(sqlite: Database, arms: Arm[], cursor: SearchCursor, offset: number, limit: number): RenderRow[] {
  const rows: RenderRow[] = [];
  let start = 0;
  arms.forEach((arm, index) => {
    const count = cursor.counts[index]!;
    const wanted = limit - rows.length;
    const local = offset + rows.length - start;
    start += count;
    if (wanted <= 0 || local >= count || local < 0) return;
    rows.push(
      ...(sqlite
        .query(`SELECT ${RENDER_COLUMNS} FROM ${arm.source} WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ? AND ${arm.where} ORDER BY ${arm.order} LIMIT ? OFFSET ?`)
        .all(cursor.snapshot, ...arm.params, wanted, local) as RenderRow[]),
    );
  });
  return rows;
}

/**
 * Newest first across every arm. Two ways, picked by their expected cost: walk the whole gallery backwards
 * and keep what matches (cheap when matches are common and the page is early), or take every match from
 * its arm's index and sort them (cheap when matches are few). Only a page of full rows is then read.
 */
function readNewest(sqlite: Database, arms: Arm[], cursor: SearchCursor, offset: number, limit: number): RenderRow[] {
  const live = arms.filter((_, index) => cursor.counts[index]! > 0);
  const total = cursor.counts.reduce((sum, count) => sum + count, 0);
  if (live.length === 0 || offset >= total) return [];
  // A walked row costs a table read, a sorted match an index entry: about ten to one.
  const walkCost = ((offset + limit) * cursor.snapshot) / total;
  const params = live.flatMap((arm) => arm.params);
  const seqs =
    walkCost * 10 < total
      ? (sqlite
          .query(
            `SELECT r.seq FROM renders r WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ? AND (${live.map((arm) => `(${arm.where})`).join(" OR ")})
             ORDER BY r.gallery_seq DESC LIMIT ? OFFSET ?`,
          )
          .all(cursor.snapshot, ...params, limit, offset) as { seq: number }[])
      : (sqlite
          .query(
            `SELECT seq FROM (${live.map((arm) => `SELECT r.seq, r.gallery_seq FROM ${arm.source} WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ? AND ${arm.where}`).join(" UNION ALL ")})
             ORDER BY gallery_seq DESC LIMIT ? OFFSET ?`,
          )
          .all(...live.flatMap((arm) => [cursor.snapshot, ...arm.params]), limit, offset) as { seq: number }[]);
  if (seqs.length === 0) return [];
  return sqlite
    .query(`SELECT ${RENDER_COLUMNS} FROM renders r WHERE r.seq IN ${IN_JSON} ORDER BY r.gallery_seq DESC`)
    .all(JSON.stringify(seqs.map((row) => row.seq))) as RenderRow[];
}

export interface SearchParams {
  q: string;
  offset: number;
  limit: number;
  cursor?: string;
  model?: string | null;
  sort?: SearchSort;
}

/**
 * Public finished renders matching `q` (and `model` when given). The first page fixes a snapshot (the
 * highest gallery position then) and each arm's size; the cursor carries them, so later pages see
 * exactly the same set, in the same order, even while new renders are published.
 */
export function searchRenders(sqlite: Database, params: SearchParams): SearchPage {
  const q = params.q.trim();
  const model = params.model ?? null;
  const sort = params.sort ?? "az";
  if (!q && model === null) throw new BadSearchError("q must contain at least one letter or digit");
  const readPage = sqlite.transaction(() => {
    const matches: Matches = q ? findMatches(sqlite, queryWords(q)) : { styles: [], prompts: [], models: [], mixed: [] };
    const arms = q ? buildArms(sqlite, matches, model) : [modelOnlyArm(sqlite, model!)];
    const cursor = params.cursor
      ? decodeCursor(params.cursor, arms.length)
      : {
          snapshot: (sqlite.query("SELECT last_gallery_seq AS n FROM gallery_state WHERE id = 1").get() as { n: number }).n,
          counts: arms.map((arm) => arm.count()),
        };
    const read = sort === "newest" ? readNewest : readAz;
    return { matches, cursor, rows: read(sqlite, arms, cursor, params.offset, params.limit) };
  });
  const { matches, cursor, rows } = readPage();
  const total = cursor.counts.reduce((sum, count) => sum + count, 0);
  const nextOffset = params.offset + rows.length;
  return {
    query: q,
    model,
    sort,
    results: rows.map(toRenderJson),
    total,
    offset: params.offset,
    limit: params.limit,
    cursor: encodeCursor(cursor),
    next_offset: rows.length === params.limit && nextOffset < total ? nextOffset : null,
    matched: {
      styles: matches.styles.slice(0, 24),
      prompts: matches.prompts.slice(0, 24),
      models: matches.models,
    },
  };
}

export interface Suggestions {
  styles: { slug: string; phrase: string; count: number }[];
  prompts: string[];
}

/**
 * For a search that found nothing: styles and prompts sharing the longest prefix of any of its words
 * (so "lighthose" still reaches "lighthouse"), falling back to the most shown ones.
 */
export function nearestCatalogueEntries(sqlite: Database, q: string, limit = 6): Suggestions {
  let words: string[];
  try {
    words = queryWords(q);
  } catch {
    words = [];
  }
  const styles = new Map<string, Suggestions["styles"][number]>();
  const prompts = new Set<string>();
  const styleQuery = sqlite.query(
    `SELECT slug, phrase, public_count AS count FROM styles
     WHERE public_count > 0 AND id IN (SELECT rowid FROM styles_fts WHERE styles_fts MATCH ?) ORDER BY public_count DESC, slug LIMIT ?`,
  );
  const promptQuery = sqlite.query(
    `SELECT text FROM prompts
     WHERE public_count > 0 AND id IN (SELECT rowid FROM prompts_fts WHERE prompts_fts MATCH ?) ORDER BY public_count DESC, text LIMIT ?`,
  );
  for (const word of words) {
    for (let length = word.length; length >= Math.min(3, word.length); length--) {
      const expression = matchExpression([word.slice(0, length)]);
      const foundStyles = styleQuery.all(expression, limit) as Suggestions["styles"];
      const foundPrompts = (promptQuery.all(expression, limit) as { text: string }[]).map((row) => row.text);
      if (foundStyles.length + foundPrompts.length === 0) continue;
      for (const style of foundStyles) styles.set(style.slug, style);
      for (const prompt of foundPrompts) prompts.add(prompt);
      break;
    }
  }
  if (styles.size === 0) {
    for (const style of sqlite
      .query("SELECT slug, phrase, public_count AS count FROM styles WHERE public_count > 0 ORDER BY public_count DESC, slug LIMIT ?")
      .all(limit) as Suggestions["styles"]) {
      styles.set(style.slug, style);
    }
  }
  if (prompts.size === 0) {
    for (const row of sqlite.query("SELECT text FROM prompts WHERE public_count > 0 ORDER BY public_count DESC, text LIMIT ?").all(limit) as { text: string }[]) {
      prompts.add(row.text);
    }
  }
  return { styles: [...styles.values()].slice(0, limit), prompts: [...prompts].slice(0, limit) };
}

export type { RenderJson };
