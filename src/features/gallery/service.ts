// Gallery reads: search over the style catalogue, the default set, a style's matrix, a render and its siblings.
import type { Database } from "bun:sqlite";
import type { RenderJson, SearchPage, StyleJson } from "./model";

export class BadSearchError extends Error {
  override name = "BadSearchError";
}

interface RenderRow {
  id: string;
  style_phrase: string;
  style_slug: string;
  model_key: string;
  base_prompt: string;
  effective_prompt: string;
  status: RenderJson["status"];
  visibility: RenderJson["visibility"];
  image_path: string | null;
  thumb_path: string | null;
  width: number | null;
  height: number | null;
  thumbhash: string | null;
  curated_rank: number | null;
  error: string | null;
  created_at: number;
  completed_at: number | null;
  matrix_run_id?: string | null;
}

const RENDER_COLUMNS = `r.id, r.matrix_run_id, r.style_phrase, r.style_slug, r.model_key, r.base_prompt, r.effective_prompt, r.status,
  r.visibility, r.image_path, r.thumb_path, r.width, r.height, r.thumbhash, r.curated_rank, r.error,
  r.created_at, r.completed_at`;

const MAX_QUERY_WORDS = 8;
const MAX_WORD_LENGTH = 64;

export function thumb2xPath(thumbPath: string): string {
  return thumbPath.replace(/_t\.webp$/, "_t2.webp");
}

export function toRenderJson(row: RenderRow): RenderJson {
  return {
    id: row.id,
    style_phrase: row.style_phrase,
    style_slug: row.style_slug,
    model_key: row.model_key,
    base_prompt: row.base_prompt,
    effective_prompt: row.effective_prompt,
    status: row.status,
    visibility: row.visibility,
    image_path: row.image_path,
    thumb_path: row.thumb_path,
    thumb_2x_path: row.thumb_path ? thumb2xPath(row.thumb_path) : null,
    width: row.width,
    height: row.height,
    thumbhash: row.thumbhash,
    curated_rank: row.curated_rank,
    error: row.error,
    matrix_run_id: row.matrix_run_id ?? null,
    created_at: new Date(row.created_at).toISOString(),
    completed_at: row.completed_at === null ? null : new Date(row.completed_at).toISOString(),
  };
}

/**
 * Builds an FTS5 MATCH expression from free text: letters and digits only, each word a quoted prefix
 * term, so operators and quotes typed by a user (AND, -, *, ") are plain words and never FTS5 syntax.
 */
export function styleMatchExpression(query: string): string {
  const words = query.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) throw new BadSearchError("q must contain at least one letter or digit");
  return words
    .slice(0, MAX_QUERY_WORDS)
    .map((word) => `"${word.slice(0, MAX_WORD_LENGTH)}"*`)
    .join(" ");
}

interface SearchCursor {
  snapshot: number;
  total: number;
}

function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(`${cursor.snapshot}.${cursor.total}`).toString("base64url");
}

function decodeCursor(raw: string): SearchCursor {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(raw, "base64url").toString("latin1"));
  if (!match) throw new BadSearchError("cursor is not one this server issued");
  return { snapshot: Number(match[1]), total: Number(match[2]) };
}

/**
 * Public finished renders whose style matches `q`, grouped by style then in gallery order. The first
 * page fixes a snapshot (the highest gallery position at that moment); the cursor carries it, so later
 * pages see exactly the same set even while new renders are published.
 */
export function searchRenders(
  sqlite: Database,
  params: { q: string; offset: number; limit: number; cursor?: string },
): SearchPage {
  const match = styleMatchExpression(params.q);
  const readPage = sqlite.transaction(() => {
    const given = params.cursor ? decodeCursor(params.cursor) : undefined;
    const snapshot =
      given ?? {
        snapshot: (sqlite.query("SELECT last_gallery_seq AS n FROM gallery_state WHERE id = 1").get() as { n: number }).n,
        total: (
          sqlite
            .query(
              `SELECT coalesce(sum(s.public_count), 0) AS n FROM styles s
               WHERE s.id IN (SELECT rowid FROM styles_fts WHERE styles_fts MATCH ?)`,
            )
            .get(match) as { n: number }
        ).n,
      };
    // The matched styles are fixed first (MATERIALIZED), then each style's renders are walked in gallery
    // order through renders_style_gallery_idx: no temporary sort, whatever the gallery's size.
    const rows = sqlite
      .query(
        `WITH matched AS MATERIALIZED (
           SELECT slug FROM styles WHERE id IN (SELECT rowid FROM styles_fts WHERE styles_fts MATCH ?))
         SELECT ${RENDER_COLUMNS} FROM styles s
         CROSS JOIN renders r ON r.style_slug = s.slug AND r.gallery_seq IS NOT NULL AND r.gallery_seq <= ?
         WHERE s.slug IN matched
         ORDER BY s.slug, r.gallery_seq
         LIMIT ? OFFSET ?`,
      )
      .all(match, snapshot.snapshot, params.limit, params.offset) as RenderRow[];
    return { snapshot, rows };
  });
  const { snapshot, rows } = readPage();
  const nextOffset = params.offset + rows.length;
  return {
    query: params.q,
    results: rows.map(toRenderJson),
    total: snapshot.total,
    offset: params.offset,
    limit: params.limit,
    cursor: encodeCursor(snapshot),
    next_offset: rows.length === params.limit && nextOffset < snapshot.total ? nextOffset : null,
  };
}

export function listStyles(sqlite: Database): StyleJson[] {
  return sqlite
    .query("SELECT phrase, slug, public_count AS count FROM styles WHERE public_count > 0 ORDER BY phrase COLLATE NOCASE")
    .all() as StyleJson[];
}

export function popularStyles(sqlite: Database, limit: number): StyleJson[] {
  return sqlite
    .query(
      `SELECT phrase, slug, public_count AS count FROM styles WHERE public_count > 0
       ORDER BY public_count DESC, phrase COLLATE NOCASE LIMIT ?`,
    )
    .all(limit) as StyleJson[];
}

export function findStyle(sqlite: Database, slug: string): StyleJson | null {
  return (
    (sqlite
      .query("SELECT phrase, slug, public_count AS count FROM styles WHERE slug = ? AND public_count > 0")
      .get(slug) as StyleJson | null) ?? null
  );
}

/**
 * The home page's set: curated renders by rank; when none are curated, one render per style (its
 * first in gallery order), so every style is represented and the choice is deterministic.
 */
export function defaultRenders(sqlite: Database, limit: number): RenderJson[] {
  const curated = sqlite
    .query(
      `SELECT ${RENDER_COLUMNS} FROM renders r
       WHERE r.curated_rank IS NOT NULL AND r.gallery_seq IS NOT NULL
       ORDER BY r.curated_rank, r.gallery_seq LIMIT ?`,
    )
    .all(limit) as RenderRow[];
  if (curated.length > 0) return curated.map(toRenderJson);
  // The styles are chosen first, so only `limit` of them look up their first render.
  const perStyle = sqlite
    .query(
      `WITH shown AS MATERIALIZED (
         SELECT slug, phrase FROM styles WHERE public_count > 0 ORDER BY phrase COLLATE NOCASE LIMIT ?)
       SELECT ${RENDER_COLUMNS} FROM shown s
       JOIN renders r ON r.seq = (
         SELECT seq FROM renders WHERE style_slug = s.slug AND gallery_seq IS NOT NULL ORDER BY gallery_seq LIMIT 1)
       ORDER BY s.phrase COLLATE NOCASE`,
    )
    .all(limit) as RenderRow[];
  return perStyle.map(toRenderJson);
}

export interface StyleMatrix {
  style: StyleJson;
  prompts: string[];
  models: string[];
  /** cells[prompt][model] */
  cells: Map<string, Map<string, RenderJson>>;
}

/**
 * One style's matrix: rows are base prompts, columns are models. Finished renders fill cells first;
 * queued or running public renders fill the rest, so the page can show them arriving live.
 */
export function styleMatrix(sqlite: Database, slug: string, maxRenders = 2000): StyleMatrix | null {
  const done = sqlite
    .query(
      `SELECT ${RENDER_COLUMNS} FROM renders r
       WHERE r.style_slug = ? AND r.gallery_seq IS NOT NULL ORDER BY r.gallery_seq LIMIT ?`,
    )
    .all(slug, maxRenders) as RenderRow[];
  const active = sqlite
    .query(
      `SELECT ${RENDER_COLUMNS} FROM renders r
       WHERE r.style_slug = ? AND r.status IN ('pending', 'running') AND r.visibility = 'public' ORDER BY r.seq LIMIT ?`,
    )
    .all(slug, maxRenders) as RenderRow[];
  const first = done[0] ?? active[0];
  if (!first) return null;
  const cells = new Map<string, Map<string, RenderJson>>();
  const models = new Set<string>();
  for (const row of [...done, ...active]) {
    let byModel = cells.get(row.base_prompt);
    if (!byModel) cells.set(row.base_prompt, (byModel = new Map()));
    if (!byModel.has(row.model_key)) byModel.set(row.model_key, toRenderJson(row));
    models.add(row.model_key);
  }
  const collator = new Intl.Collator("en");
  return {
    style: { phrase: first.style_phrase, slug, count: done.length },
    prompts: [...cells.keys()].sort(collator.compare),
    models: [...models].sort(collator.compare),
    cells,
  };
}

/** What a viewer may see of a render: public and not rejected by a safety check, or their own (any visibility). */
const VIEWABLE_BY = `((r.visibility = 'public' AND r.nsfw = 0) OR (r.user_id IS NOT NULL AND r.user_id = ?))`;

export function findViewableRender(sqlite: Database, id: string, viewerId: number | null): RenderJson | null {
  const row = sqlite.query(`SELECT ${RENDER_COLUMNS} FROM renders r WHERE r.id = ? AND ${VIEWABLE_BY}`).get(id, viewerId ?? -1) as RenderRow | null;
  return row ? toRenderJson(row) : null;
}

/** A render anyone may see: public and not rejected by a safety check. */
export function findPublicRender(sqlite: Database, id: string): RenderJson | null {
  const row = sqlite
    .query(`SELECT ${RENDER_COLUMNS} FROM renders r WHERE r.id = ? AND r.visibility = 'public' AND r.nsfw = 0`)
    .get(id) as RenderRow | null;
  return row ? toRenderJson(row) : null;
}

/** The renders of a matrix run this viewer may see (the same rule as a single render), in planned order. */
export function viewableMatrixRunRenders(sqlite: Database, runId: string, viewerId: number | null): RenderJson[] {
  const rows = sqlite
    .query(`SELECT ${RENDER_COLUMNS} FROM renders r WHERE r.matrix_run_id = ? AND ${VIEWABLE_BY} ORDER BY r.seq`)
    .all(runId, viewerId ?? -1) as RenderRow[];
  return rows.map(toRenderJson);
}

/** Every render of a matrix run, in the order they were planned (for its owner's page). */
export function matrixRunRenders(sqlite: Database, runId: string): RenderJson[] {
  const rows = sqlite.query(`SELECT ${RENDER_COLUMNS} FROM renders r WHERE r.matrix_run_id = ? ORDER BY r.seq`).all(runId) as RenderRow[];
  return rows.map(toRenderJson);
}

/**
 * The same base prompt in other styles and models: the same style's other models first, then other
 * styles in gallery order. Two indexed reads, so a prompt with thousands of renders costs no sort.
 */
export function renderSiblings(sqlite: Database, render: RenderJson, limit: number): RenderJson[] {
  const sameStyle = sqlite
    .query(
      `SELECT ${RENDER_COLUMNS} FROM renders r
       WHERE r.base_prompt = ? AND r.style_slug = ? AND r.id != ? AND r.gallery_seq IS NOT NULL
       ORDER BY r.model_key LIMIT ?`,
    )
    .all(render.base_prompt, render.style_slug, render.id, limit) as RenderRow[];
  const otherStyles = sqlite
    .query(
      `SELECT ${RENDER_COLUMNS} FROM renders r
       WHERE r.base_prompt = ? AND r.gallery_seq IS NOT NULL AND r.style_slug != ?
       ORDER BY r.gallery_seq LIMIT ?`,
    )
    .all(render.base_prompt, render.style_slug, Math.max(0, limit - sameStyle.length)) as RenderRow[];
  return [...sameStyle, ...otherStyles].map(toRenderJson);
}

export interface GalleryCounts {
  public_renders: number;
  styles: number;
}

export function galleryCounts(sqlite: Database): GalleryCounts {
  return sqlite
    .query(
      `SELECT coalesce(sum(public_count), 0) AS public_renders, count(*) AS styles
       FROM styles WHERE public_count > 0`,
    )
    .get() as GalleryCounts;
}
