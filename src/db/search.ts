// Search's reads: FTS5 matches over the style and prompt catalogues, and the renders of a result set's arms.
// Raw SQL, each statement typed at its query<Row, Params>: FTS5's MATCH has no builder form, and an arm is a
// fragment (an index hint, a json_each set, an OR of cells) composed into the count, the A–Z page and the
// newest-first walk or union, which the builder cannot put together with INDEXED BY.
import type { Database } from "bun:sqlite";
import { desc, gt } from "drizzle-orm";
import { drizzleFor } from "./client";
import { GALLERY_RENDER_COLUMNS, type GalleryRenderRow } from "./gallery-rows";
import { prompts as promptsTable, styles as stylesTable } from "./schema";

type Params = (string | number)[];

/** What a query matched in the catalogues (and model names): the sets a result's arms are built from. */
export interface SearchMatches {
  styles: { slug: string; phrase: string }[];
  prompts: string[];
  models: string[];
  mixed: { slugs: string[]; prompts: string[] }[];
}

export interface SearchCursor {
  snapshot: number;
  counts: number[];
}

export interface Arm {
  kind: "style" | "prompt" | "model" | "mixed";
  /** The table as the arm reads it (an index hint where the planner, without statistics, would guess wrong). */
  source: string;
  /** A condition on `r`, with its parameters. */
  where: string;
  params: Params;
  order: string;
  /** How many published renders the arm holds right now (called inside the read transaction). */
  count(): number;
}

const json = (values: readonly string[]) => JSON.stringify(values);
/** An exclusion only when there is something to exclude: an empty NOT IN still costs a check per row. */
const notIn = (column: string, size: number) => (size > 0 ? ` AND ${column} NOT IN (SELECT value FROM json_each(?))` : "");
const IN_JSON = "(SELECT value FROM json_each(?))";

// Only entries with public renders: a private run's wording is never shown, and an entry without public
// renders has none at or below any snapshot either, so leaving it out never moves a page.
export function matchingStyles(sqlite: Database, expression: string): { id: number; slug: string; phrase: string }[] {
  return sqlite
    .query<{ id: number; slug: string; phrase: string }, [string]>(
      `SELECT id, slug, phrase FROM styles WHERE public_count > 0 AND id IN (SELECT rowid FROM styles_fts WHERE styles_fts MATCH ?) ORDER BY slug`,
    )
    .all(expression);
}

export function matchingPrompts(sqlite: Database, expression: string): string[] {
  return sqlite
    .query<{ text: string }, [string]>(
      `SELECT text FROM prompts WHERE public_count > 0 AND id IN (SELECT rowid FROM prompts_fts WHERE prompts_fts MATCH ?) ORDER BY text`,
    )
    .all(expression)
    .map((row) => row.text);
}

/** Styles matching a (prefix) expression, most shown first: search's suggestions. */
export function nearestStyles(sqlite: Database, expression: string, limit: number): { slug: string; phrase: string; count: number }[] {
  return sqlite
    .query<{ slug: string; phrase: string; count: number }, [string, number]>(
      `SELECT slug, phrase, public_count AS count FROM styles
       WHERE public_count > 0 AND id IN (SELECT rowid FROM styles_fts WHERE styles_fts MATCH ?) ORDER BY public_count DESC, slug LIMIT ?`,
    )
    .all(expression, limit);
}

export function nearestPrompts(sqlite: Database, expression: string, limit: number): string[] {
  return sqlite
    .query<{ text: string }, [string, number]>(
      `SELECT text FROM prompts
       WHERE public_count > 0 AND id IN (SELECT rowid FROM prompts_fts WHERE prompts_fts MATCH ?) ORDER BY public_count DESC, text LIMIT ?`,
    )
    .all(expression, limit)
    .map((row) => row.text);
}

/** The most shown styles (ties by slug): suggestions when nothing matched. */
export function mostShownStyles(sqlite: Database, limit: number): { slug: string; phrase: string; count: number }[] {
  return drizzleFor(sqlite)
    .select({ slug: stylesTable.slug, phrase: stylesTable.phrase, count: stylesTable.publicCount })
    .from(stylesTable)
    .where(gt(stylesTable.publicCount, 0))
    .orderBy(desc(stylesTable.publicCount), stylesTable.slug)
    .limit(limit)
    .all();
}

export function mostShownPrompts(sqlite: Database, limit: number): string[] {
  return drizzleFor(sqlite)
    .select({ text: promptsTable.text })
    .from(promptsTable)
    .where(gt(promptsTable.publicCount, 0))
    .orderBy(desc(promptsTable.publicCount), promptsTable.text)
    .limit(limit)
    .all()
    .map((row) => row.text);
}

const RENDERS = "renders r";
// Style-and-subject cells are few: probing each (prompt, style) pair beats scanning every render of the prompts.
const BY_CELL = "renders r INDEXED BY renders_cell_idx";
const BY_PROMPT = "renders r INDEXED BY renders_prompt_gallery_idx";

function countWhere(sqlite: Database, where: string, params: Params, source = RENDERS): number {
  return sqlite.query<{ n: number }, Params>(`SELECT count(*) AS n FROM ${source} WHERE r.gallery_seq IS NOT NULL AND ${where}`).get(...params)!.n; // count(*) always yields a row
}

/**
 * The four arms of a result set (always four, so a cursor always fits), in rank order and disjoint: renders of matching styles, then of matching
 * prompts (not already shown), then by a matching model, then mixed style-and-subject cells. Without a
 * model filter the first two are counted from the catalogues; the rest count only their own matches.
 */
export function buildArms(sqlite: Database, matches: SearchMatches, model: string | null): Arm[] {
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
          ? sqlite.query<{ n: number }, [string]>(`SELECT coalesce(sum(public_count), 0) AS n FROM styles WHERE slug IN ${IN_JSON}`).get(slugs)!.n
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
        const total = sqlite.query<{ n: number }, [string]>(`SELECT coalesce(sum(public_count), 0) AS n FROM prompts WHERE text IN ${IN_JSON}`).get(prompts)!.n;
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
export function modelOnlyArm(sqlite: Database, model: string): Arm {
  const where = "r.model_key = ?";
  return { kind: "model", source: RENDERS, where, params: [model], order: "r.style_slug, r.base_prompt, r.gallery_seq", count: () => countWhere(sqlite, where, [model]) };
}

/** A page of the arms in order (A–Z): each arm's slice of the page from its own index. */
export function readAz(sqlite: Database, arms: Arm[], cursor: SearchCursor, offset: number, limit: number): GalleryRenderRow[] {
  const rows: GalleryRenderRow[] = [];
  let start = 0;
  arms.forEach((arm, index) => {
    const count = cursor.counts[index]!;
    const wanted = limit - rows.length;
    const local = offset + rows.length - start;
    start += count;
    if (wanted <= 0 || local >= count || local < 0) return;
    rows.push(
      ...sqlite
        .query<GalleryRenderRow, Params>(
          `SELECT ${GALLERY_RENDER_COLUMNS} FROM ${arm.source} WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ? AND ${arm.where} ORDER BY ${arm.order} LIMIT ? OFFSET ?`,
        )
        .all(cursor.snapshot, ...arm.params, wanted, local),
    );
  });
  return rows;
}

/**
 * Newest first across every arm. Two ways, picked by their expected cost: walk the whole gallery backwards
 * and keep what matches (cheap when matches are common and the page is early), or take every match from
 * its arm's index and sort them (cheap when matches are few). Only a page of full rows is then read.
 */
export function readNewest(sqlite: Database, arms: Arm[], cursor: SearchCursor, offset: number, limit: number): GalleryRenderRow[] {
  const live = arms.filter((_, index) => cursor.counts[index]! > 0);
  const total = cursor.counts.reduce((sum, count) => sum + count, 0);
  if (live.length === 0 || offset >= total) return [];
  // A walked row costs a table read, a sorted match an index entry: about ten to one.
  const walkCost = ((offset + limit) * cursor.snapshot) / total;
  const params = live.flatMap((arm) => arm.params);
  const seqs =
    walkCost * 10 < total
      ? sqlite
          .query<{ seq: number }, Params>(
            `SELECT r.seq FROM renders r WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ? AND (${live.map((arm) => `(${arm.where})`).join(" OR ")})
             ORDER BY r.gallery_seq DESC LIMIT ? OFFSET ?`,
          )
          .all(cursor.snapshot, ...params, limit, offset)
      : sqlite
          .query<{ seq: number }, Params>(
            `SELECT seq FROM (${live.map((arm) => `SELECT r.seq, r.gallery_seq FROM ${arm.source} WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ? AND ${arm.where}`).join(" UNION ALL ")})
             ORDER BY gallery_seq DESC LIMIT ? OFFSET ?`,
          )
          .all(...live.flatMap((arm) => [cursor.snapshot, ...arm.params]), limit, offset);
  if (seqs.length === 0) return [];
  return sqlite
    .query<GalleryRenderRow, [string]>(`SELECT ${GALLERY_RENDER_COLUMNS} FROM renders r WHERE r.seq IN ${IN_JSON} ORDER BY r.gallery_seq DESC`)
    .all(JSON.stringify(seqs.map((row) => row.seq)));
}

