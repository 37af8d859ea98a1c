// Search over the style and prompt catalogues (and model names): ranked arms, fixed sets, cursor paging. The same
// results and paging on bun:sqlite and PostgreSQL (src/db/search.ts holds the one place their SQL differs).
import { transaction, type Data } from "../../db/data";
import { knownModels } from "../../generation/models/catalogue";
import type { ModelEntry } from "../../generation/models/model-entry";
import type { RenderJson, SearchPage, SearchSort } from "./model";
import {
  buildArms,
  lastGallerySeqStep,
  matchExpression,
  modelOnlyArm,
  mostShownPrompts,
  mostShownStyles,
  nearestPrompts,
  nearestStyles,
  promptWordMasks,
  readAz,
  readNewest,
  type SearchCursor,
  type Step,
  type SearchMatches,
  styleWordMasks,
} from "../../db/search";
import { catalogueMatches } from "./catalogue-matches";
import { toRenderJson } from "./render-row";

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

export { matchExpression };

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

type Matches = SearchMatches;

/**
 * Cells whose style covers some words and whose prompt covers the rest (neither alone covers all):
 * grouped by which words each side covers, so the work follows the catalogues, not the renders.
 */
function mixedMatches(words: readonly string[], styleMasks: Map<string, number>, promptMasks: Map<string, number>): Matches["mixed"] {
  if (words.length < 2) return [];
  const all = 2 ** words.length - 1;
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

function* findMatches(data: Data, words: readonly string[]): Step<Matches> {
  const all = 2 ** words.length - 1;
  const styles = yield* styleWordMasks(data, words);
  const prompts = yield* promptWordMasks(data, words);
  return {
    styles: styles.filter((style) => style.mask === all).map(({ slug, phrase }) => ({ slug, phrase })),
    prompts: prompts.filter((prompt) => prompt.mask === all).map((prompt) => prompt.text),
    models: modelsMatching(words),
    mixed: mixedMatches(words, new Map(styles.map((style) => [style.slug, style.mask])), new Map(prompts.map((prompt) => [prompt.text, prompt.mask]))),
  };
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
export async function searchRenders(data: Data, params: SearchParams): Promise<SearchPage> {
  const q = params.q.trim();
  const model = params.model ?? null;
  const sort = params.sort ?? "az";
  if (!q && model === null) throw new BadSearchError("q must contain at least one letter or digit");
  const words = q ? queryWords(q) : [];
  const kept = catalogueMatches(data);
  const keptMatches = q ? kept.find(words) : undefined;
  // One read transaction: the counts, the snapshot and the page all see the same gallery.
  const { matches, cursor, rows } = await transaction(
    data,
    function* () {
      const matches: Matches = q ? (keptMatches ?? (yield* findMatches(data, words))) : { styles: [], prompts: [], models: [], mixed: [] };
      const arms = q ? buildArms(data, matches, model) : [modelOnlyArm(data, model!)];
      let cursor: SearchCursor;
      if (params.cursor) cursor = decodeCursor(params.cursor, arms.length);
      else {
        const snapshot = yield* lastGallerySeqStep(data);
        const counts: number[] = [];
        for (const arm of arms) counts.push(yield* arm.count());
        cursor = { snapshot, counts };
      }
      const read = sort === "newest" ? readNewest : readAz;
      return { matches, cursor, rows: yield* read(data, arms, cursor, params.offset, params.limit) };
    },
    { readOnly: true, planEachRun: true },
  );
  if (q && !keptMatches) kept.keep(words, matches);
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
export async function nearestCatalogueEntries(data: Data, q: string, limit = 6): Promise<Suggestions> {
  return transaction(data, (_tx) => nearestSteps(data, q, limit), { readOnly: true, planEachRun: true });
}

function* nearestSteps(data: Data, q: string, limit: number): Step<Suggestions> {
  let words: string[];
  try {
    words = queryWords(q);
  } catch {
    words = [];
  }
  const styles = new Map<string, Suggestions["styles"][number]>();
  const prompts = new Set<string>();
  for (const word of words) {
    for (let length = word.length; length >= Math.min(3, word.length); length--) {
      const prefix = [word.slice(0, length)];
      const foundStyles = yield* nearestStyles(data, prefix, limit);
      const foundPrompts = yield* nearestPrompts(data, prefix, limit);
      if (foundStyles.length + foundPrompts.length === 0) continue;
      for (const style of foundStyles) styles.set(style.slug, style);
      for (const prompt of foundPrompts) prompts.add(prompt);
      break;
    }
  }
  if (styles.size === 0) {
    for (const style of yield* mostShownStyles(data, limit)) {
      styles.set(style.slug, style);
    }
  }
  if (prompts.size === 0) {
    for (const prompt of yield* mostShownPrompts(data, limit)) prompts.add(prompt);
  }
  return { styles: [...styles.values()].slice(0, limit), prompts: [...prompts].slice(0, limit) };
}

export type { RenderJson };
