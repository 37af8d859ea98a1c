// Search's reads: matches over the style and prompt catalogues (FTS5 on SQLite, the GIN full-text indexes of
// pg-catalogue-search.ts on PostgreSQL), and the renders of a result set's arms. Raw SQL: an arm is a fragment (an
// index hint, a bound list, an OR of cells) composed into the count, the A–Z page and the newest-first walk or
// union, which the builder cannot put together with INDEXED BY. Each read is a transaction step (yield*), so one
// search's counts, snapshot and page come from one consistent view (see searchRenders).
import { runRows, type Data } from "./data";
import { epochNumbers, GALLERY_COLUMNS, type GalleryRenderRow } from "./gallery-rows";
import { pgCatalogueMatch } from "./pg-catalogue-search";
import { inValues, joined, notInValues, q, toSql, trusted, type Fragment } from "./sql-text";

/** What a transaction body yields to the driver (a statement), so these steps compose into bodies with yield*. */
type Statement = ReturnType<typeof runRows> extends Generator<infer S, unknown, unknown> ? S : never;
/** A part of a transaction body: `yield*` it inside one. */
export type Step<T> = Generator<Statement, T, unknown>;
type Dialect = Pick<Data, "dialect">;

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
  /** The table as the arm reads it (on SQLite an index hint where the planner, without statistics, would guess wrong). */
  source: Fragment;
  /** A condition on `r`. */
  where: Fragment;
  order: Fragment;
  /** How many published renders the arm holds right now (a step of the read transaction). */
  count(): Step<number>;
}

/** Text in byte order, as SQLite compares it, so both databases list the same rows in the same order. */
const bytewise = (data: Dialect, column: string) => trusted(data.dialect === "sqlite" ? column : `${column} COLLATE "C"`);

/** Rows of a fragment, as a step of the read transaction. */
function* read<T>(data: Dialect, fragment: Fragment): Step<T[]> {
  return yield* runRows<T>(toSql(data, fragment));
}

/** A word as an FTS5 quoted prefix term: operators and quotes typed by a user are plain words. */
const prefixTerm = (word: string) => `"${word}"*`;

/** Each word a prefix term, all required. */
export function matchExpression(words: readonly string[]): string {
  return words.map(prefixTerm).join(" ");
}

/** Catalogue rows (`id` of styles or prompts) whose text has every word as a word prefix. */
function catalogueMatch(data: Dialect, table: "styles" | "prompts", words: readonly string[]): Fragment {
  if (data.dialect === "postgres") return pgCatalogueMatch(table === "styles" ? "phrase" : "text", words);
  return q`id IN (SELECT rowid FROM ${trusted(`${table}_fts`)} WHERE ${trusted(`${table}_fts`)} MATCH ${matchExpression(words)})`;
}

// Only entries with public renders: a private run's wording is never shown, and an entry without public
// renders has none at or below any snapshot either, so leaving it out never moves a page.
//
// One statement per catalogue answers both what a query matches in full and the mixed matches ("fox neon": the
// subject from a prompt, the style from a phrase): every entry matching at least one word, with `mask` (bit i set
// when it has words[i] as a word prefix). On PostgreSQL each statement is a round trip; per-word statements were
// 2 + 2 × words of them a search.
export function* styleWordMasks(data: Dialect, words: readonly string[]): Step<{ slug: string; phrase: string; mask: number }[]> {
  return yield* read<{ slug: string; phrase: string; mask: number }>(
    data,
    q`SELECT slug, phrase, ${maskOf(data, "styles", words)} AS mask FROM styles WHERE public_count > 0 AND ${anyWordMatch(data, "styles", words)} ORDER BY ${bytewise(data, "slug")}`,
  );
}

export function* promptWordMasks(data: Dialect, words: readonly string[]): Step<{ text: string; mask: number }[]> {
  return yield* read<{ text: string; mask: number }>(
    data,
    q`SELECT text, ${maskOf(data, "prompts", words)} AS mask FROM prompts WHERE public_count > 0 AND ${anyWordMatch(data, "prompts", words)} ORDER BY ${bytewise(data, "text")}`,
  );
}

/** The bits of the words an entry matches, summed in SQL (at most MAX_QUERY_WORDS bits). */
function maskOf(data: Dialect, table: "styles" | "prompts", words: readonly string[]): Fragment {
  return q`(${joined(words.map((word, index) => q`CASE WHEN ${catalogueMatch(data, table, [word])} THEN ${trusted(String(2 ** index))} ELSE 0 END`), " + ")})`;
}

/** Entries with at least one of the words as a word prefix. */
function anyWordMatch(data: Dialect, table: "styles" | "prompts", words: readonly string[]): Fragment {
  if (data.dialect === "postgres") return q`(${joined(words.map((word) => catalogueMatch(data, table, [word])), " OR ")})`;
  const fts = trusted(`${table}_fts`);
  return q`id IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${words.map(prefixTerm).join(" OR ")})`;
}

/** Styles matching every word as a prefix, most shown first: search's suggestions. */
export function* nearestStyles(data: Dialect, words: readonly string[], limit: number): Step<{ slug: string; phrase: string; count: number }[]> {
  return yield* read<{ slug: string; phrase: string; count: number }>(data, q`SELECT slug, phrase, public_count AS count FROM styles
        WHERE public_count > 0 AND ${catalogueMatch(data, "styles", words)} ORDER BY public_count DESC, ${bytewise(data, "slug")} LIMIT ${limit}`,
  );
}

export function* nearestPrompts(data: Dialect, words: readonly string[], limit: number): Step<string[]> {
  const found = yield* read<{ text: string }>(data, q`SELECT text FROM prompts
        WHERE public_count > 0 AND ${catalogueMatch(data, "prompts", words)} ORDER BY public_count DESC, ${bytewise(data, "text")} LIMIT ${limit}`,
  );
  return found.map((row) => row.text);
}

/** The most shown styles (ties by slug): suggestions when nothing matched. */
export function* mostShownStyles(data: Dialect, limit: number): Step<{ slug: string; phrase: string; count: number }[]> {
  return yield* read<{ slug: string; phrase: string; count: number }>(data, q`SELECT slug, phrase, public_count AS count FROM styles WHERE public_count > 0 ORDER BY public_count DESC, ${bytewise(data, "slug")} LIMIT ${limit}`,
  );
}

export function* mostShownPrompts(data: Dialect, limit: number): Step<string[]> {
  const found = yield* read<{ text: string }>(data, q`SELECT text FROM prompts WHERE public_count > 0 ORDER BY public_count DESC, ${bytewise(data, "text")} LIMIT ${limit}`,
  );
  return found.map((row) => row.text);
}

/** The highest gallery position handed out so far: the snapshot a result set pages on. */
export function* lastGallerySeqStep(data: Dialect): Step<number> {
  const [row] = yield* read<{ n: number }>(data, q`SELECT last_gallery_seq AS n FROM gallery_state WHERE id = 1`);
  return row?.n ?? 0;
}

const RENDERS = trusted("renders r");
// Style-and-subject cells are few: probing each (prompt, style) pair beats scanning every render of the prompts.
const byCell = (data: Dialect) => trusted(data.dialect === "sqlite" ? "renders r INDEXED BY renders_cell_idx" : "renders r");
const byPrompt = (data: Dialect) => trusted(data.dialect === "sqlite" ? "renders r INDEXED BY renders_prompt_gallery_idx" : "renders r");

function* countWhere(data: Dialect, where: Fragment, source: Fragment = RENDERS): Step<number> {
  const [row] = yield* read<{ n: number }>(data, q`SELECT CAST(count(*) AS integer) AS n FROM ${source} WHERE r.gallery_seq IS NOT NULL AND ${where}`);
  return row!.n; // count(*) always yields a row
}

function* publicCountOf(data: Dialect, table: "styles" | "prompts", keys: readonly string[]): Step<number> {
  const key = table === "styles" ? "slug" : "text";
  const [row] = yield* read<{ n: number }>(data, q`SELECT CAST(coalesce(sum(public_count), 0) AS integer) AS n FROM ${trusted(table)} WHERE ${inValues(data, key, keys)}`);
  return row!.n;
}

const column = (name: string) => trusted(`r.${name}`);
const orderOf = (data: Dialect, columns: string[]) =>
  joined(
    columns.map((name) => (name === "gallery_seq" ? column(name) : bytewise(data, `r.${name}`))),
    ", ",
  );

/**
 * The four arms of a result set (always four, so a cursor always fits), in rank order and disjoint: renders of matching styles, then of matching
 * prompts (not already shown), then by a matching model, then mixed style-and-subject cells. Without a
 * model filter the first two are counted from the catalogues; the rest count only their own matches.
 */
export function buildArms(data: Dialect, matches: SearchMatches, model: string | null): Arm[] {
  const slugs = matches.styles.map((style) => style.slug);
  const { prompts, models } = matches;
  const modelWhere = model === null ? trusted("") : q` AND r.model_key = ${model}`;
  /** An exclusion only when there is something to exclude: an empty NOT IN still costs a check per row. */
  const notIn = (name: string, values: readonly string[]) => (values.length > 0 ? q` AND ${notInValues(data, `r.${name}`, values)}` : trusted(""));
  const empty = (kind: Arm["kind"]): Arm => ({
    kind,
    source: RENDERS,
    where: trusted("1 = 0"),
    order: column("gallery_seq"),
    *count() {
      return 0;
    },
  });
  const arms: Arm[] = [];
  if (slugs.length === 0) arms.push(empty("style"));
  else {
    const where = q`${inValues(data, "r.style_slug", slugs)}${modelWhere}`;
    arms.push({
      kind: "style",
      source: RENDERS,
      where,
      // Filtered, the model's index gives this order without a sort.
      order: orderOf(data, model === null ? ["style_slug", "gallery_seq"] : ["style_slug", "base_prompt", "gallery_seq"]),
      count: () => (model === null ? publicCountOf(data, "styles", slugs) : countWhere(data, where)),
    });
  }
  if (prompts.length === 0) arms.push(empty("prompt"));
  else {
    const where = q`${inValues(data, "r.base_prompt", prompts)}${notIn("style_slug", slugs)}${modelWhere}`;
    arms.push({
      kind: "prompt",
      // Filtered by model, the planner would sort the model's whole index; the prompt's index gives the
      // page's order directly and stops after it (the count still walks the model's index once).
      source: model === null ? RENDERS : byPrompt(data),
      where,
      order: orderOf(data, ["base_prompt", "gallery_seq"]),
      *count() {
        if (model !== null) return yield* countWhere(data, where);
        const total = yield* publicCountOf(data, "prompts", prompts);
        const shownAsStyles =
          slugs.length === 0 ? 0 : yield* countWhere(data, q`${inValues(data, "r.base_prompt", prompts)} AND ${inValues(data, "r.style_slug", slugs)}`);
        return total - shownAsStyles;
      },
    });
  }
  const chosenModels = model === null ? models : models.filter((key) => key === model);
  if (chosenModels.length === 0) arms.push(empty("model"));
  else {
    const where = q`${inValues(data, "r.model_key", chosenModels)}${notIn("style_slug", slugs)}${notIn("base_prompt", prompts)}`;
    arms.push({
      kind: "model",
      source: RENDERS,
      where,
      order: orderOf(data, ["model_key", "style_slug", "base_prompt", "gallery_seq"]),
      count: () => countWhere(data, where),
    });
  }
  if (matches.mixed.length === 0) arms.push(empty("mixed"));
  else {
    const cells = joined(
      matches.mixed.map((group) => q`(${inValues(data, "r.style_slug", group.slugs)} AND ${inValues(data, "r.base_prompt", group.prompts)})`),
      " OR ",
    );
    const where = q`(${cells})${notIn("model_key", models)}${modelWhere}`;
    arms.push({
      kind: "mixed",
      source: byCell(data),
      where,
      order: orderOf(data, ["style_slug", "base_prompt", "gallery_seq"]),
      count: () => countWhere(data, where, byCell(data)),
    });
  }
  return arms;
}

/** A whole gallery filtered by model only (no words): one arm walking the model's index per style. */
export function modelOnlyArm(data: Dialect, model: string): Arm {
  const where = q`r.model_key = ${model}`;
  return { kind: "model", source: RENDERS, where, order: orderOf(data, ["style_slug", "base_prompt", "gallery_seq"]), count: () => countWhere(data, where) };
}

/** A page of the arms in order (A–Z): each arm's slice of the page from its own index. */
export function* readAz(data: Dialect, arms: Arm[], cursor: SearchCursor, offset: number, limit: number): Step<GalleryRenderRow[]> {
  const found: GalleryRenderRow[] = [];
  let start = 0;
  for (const [index, arm] of arms.entries()) {
    const count = cursor.counts[index]!;
    const wanted = limit - found.length;
    const local = offset + found.length - start;
    start += count;
    if (wanted <= 0 || local >= count || local < 0) continue;
    found.push(
      ...(yield* read<GalleryRenderRow>(data, q`SELECT ${GALLERY_COLUMNS} FROM ${arm.source} WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ${cursor.snapshot} AND ${arm.where}
            ORDER BY ${arm.order} LIMIT ${wanted} OFFSET ${local}`,
      )),
    );
  }
  return epochNumbers(data, found);
}

/**
 * Newest first across every arm. Two ways, picked by their expected cost: walk the whole gallery backwards
 * and keep what matches (cheap when matches are common and the page is early), or take every match from
 * its arm's index and sort them (cheap when matches are few). Only a page of full rows is then read.
 */
export function* readNewest(data: Dialect, arms: Arm[], cursor: SearchCursor, offset: number, limit: number): Step<GalleryRenderRow[]> {
  const live = arms.filter((_, index) => cursor.counts[index]! > 0);
  const total = cursor.counts.reduce((sum, count) => sum + count, 0);
  if (live.length === 0 || offset >= total) return [];
  // A walked row costs a table read, a sorted match an index entry: about ten to one.
  const walkCost = ((offset + limit) * cursor.snapshot) / total;
  const seqs =
    walkCost * 10 < total
      ? yield* read<{ seq: number }>(data, q`SELECT r.seq FROM renders r WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ${cursor.snapshot}
              AND (${joined(
                live.map((arm) => q`(${arm.where})`),
                " OR ",
              )})
              ORDER BY r.gallery_seq DESC LIMIT ${limit} OFFSET ${offset}`,
        )
      : yield* read<{ seq: number }>(data, q`SELECT seq FROM (${joined(
            live.map((arm) => q`SELECT r.seq, r.gallery_seq FROM ${arm.source} WHERE r.gallery_seq IS NOT NULL AND r.gallery_seq <= ${cursor.snapshot} AND ${arm.where}`),
            " UNION ALL ",
          )}) AS matched
              ORDER BY gallery_seq DESC LIMIT ${limit} OFFSET ${offset}`,
        );
  if (seqs.length === 0) return [];
  const found = yield* read<GalleryRenderRow>(data, q`SELECT ${GALLERY_COLUMNS} FROM renders r WHERE ${inValues(
      data,
      "r.seq",
      seqs.map((row) => row.seq),
    )} ORDER BY r.gallery_seq DESC`,
  );
  return epochNumbers(data, found);
}
