// The gallery's page reads: styles, the prompt catalogue and the renders its pages show (search is in search.ts).
// Styles and prompts through Drizzle's builder, prepared once per connection. The renders the pages show are
// raw statements (Bun caches each compiled one), typed at query<GalleryRenderRow, Params>: these are the hot
// reads of /, /style and /r, and measured on the 10k bench gallery the builder took 1.5–4.5× as long
// (findPublicRender 0.31 → 1.42 ms, styleMatrix 0.72 → 1.38 ms), mostly its per-call SQL build and row mapping.
import type { Database } from "bun:sqlite";
import { and, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { drizzleFor, prepared, type Db } from "./client";
import { GALLERY_RENDER_COLUMNS, PUBLIC_RENDER_RAW, VIEWABLE_BY_RAW, type GalleryRenderRow } from "./gallery-rows";
import { prompts, renders, styles } from "./schema";

// ---------------------------------------------------------------------------------------------------------
// Styles and prompts (their public counts are kept by the publishing triggers)

const STYLE_FIELDS = { phrase: styles.phrase, slug: styles.slug, count: styles.publicCount };
const BY_PHRASE = sql`${styles.phrase} COLLATE NOCASE`;
const HAS_PUBLIC = gt(styles.publicCount, 0);

export type PublicStyle = { phrase: string; slug: string; count: number };
export type StyleOrder = "phrase" | "popular" | "newest";

const STYLE_ORDERS = {
  phrase: [BY_PHRASE],
  popular: [desc(styles.publicCount), BY_PHRASE],
  newest: [desc(styles.id)],
} satisfies Record<StyleOrder, unknown[]>;

const allStylesQuery = (db: Db) => db.select(STYLE_FIELDS).from(styles).where(HAS_PUBLIC).orderBy(BY_PHRASE).prepare();
const stylePageQuery = (order: StyleOrder) => (db: Db) =>
  db
    .select(STYLE_FIELDS)
    .from(styles)
    .where(HAS_PUBLIC)
    .orderBy(...STYLE_ORDERS[order])
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare();
// One builder per order, made once: prepared() keys its cache on the builder's identity.
const STYLE_PAGE_QUERIES = { phrase: stylePageQuery("phrase"), popular: stylePageQuery("popular"), newest: stylePageQuery("newest") };

/** Styles with public renders in `order`; every one (A–Z) when no page is given. */
export function publicStyles(sqlite: Database, order: StyleOrder, page?: { limit: number; offset?: number }): PublicStyle[] {
  if (!page) return prepared(sqlite, allStylesQuery).all();
  return prepared(sqlite, STYLE_PAGE_QUERIES[order]).all({ limit: page.limit, offset: page.offset ?? 0 });
}

const styleCountQuery = (db: Db) => db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(styles).where(HAS_PUBLIC).prepare();

export function publicStyleCount(sqlite: Database): number {
  return prepared(sqlite, styleCountQuery).get()!.total; // an aggregate always yields one row
}

const styleQuery = (db: Db) => db.select(STYLE_FIELDS).from(styles).where(and(eq(styles.slug, sql.placeholder("slug")), HAS_PUBLIC)).prepare();

export function publicStyle(sqlite: Database, slug: string): PublicStyle | null {
  return prepared(sqlite, styleQuery).get({ slug }) ?? null;
}

const featuredQuery = (db: Db) =>
  db.select(STYLE_FIELDS).from(styles).where(and(isNotNull(styles.featuredAt), HAS_PUBLIC)).orderBy(desc(styles.featuredAt)).limit(1).prepare();

/** The style an admin featured most recently, while it has public renders. */
export function featuredPublicStyle(sqlite: Database): PublicStyle | null {
  return prepared(sqlite, featuredQuery).get() ?? null;
}

const curatedStylesQuery = (db: Db) => {
  const rank = sql<number>`min(${renders.curatedRank})`;
  return db
    .select({ ...STYLE_FIELDS, rank })
    .from(renders)
    .innerJoin(styles, eq(styles.slug, renders.styleSlug))
    .where(and(isNotNull(renders.curatedRank), isNotNull(renders.gallerySeq)))
    .groupBy(styles.slug)
    .orderBy(rank)
    .limit(sql.placeholder("limit"))
    .prepare();
};

/** Styles with curated renders, by their best curated rank. */
export function curatedStyles(sqlite: Database, limit: number): PublicStyle[] {
  return prepared(sqlite, curatedStylesQuery)
    .all({ limit })
    .map(({ phrase, slug, count }) => ({ phrase, slug, count }));
}

const totalsQuery = (db: Db) =>
  db
    .select({
      public_renders: sql<number>`coalesce(sum(${styles.publicCount}), 0)`.mapWith(Number),
      styles: sql<number>`count(*)`.mapWith(Number),
    })
    .from(styles)
    .where(HAS_PUBLIC)
    .prepare();

/** Public renders and styles that have them. */
export function galleryTotals(sqlite: Database): { public_renders: number; styles: number } {
  return prepared(sqlite, totalsQuery).get()!; // an aggregate without GROUP BY always yields one row
}

const topPromptsQuery = (db: Db) =>
  db
    .select({ text: prompts.text })
    .from(prompts)
    .where(gt(prompts.publicCount, 0))
    .orderBy(desc(prompts.publicCount), prompts.id)
    .limit(sql.placeholder("limit"))
    .prepare();

/** Base prompts with the most public renders (the prompt catalogue's order, no scan of renders). */
export function topPromptTexts(sqlite: Database, limit: number): string[] {
  return prepared(sqlite, topPromptsQuery)
    .all({ limit })
    .map((row) => row.text);
}

// ---------------------------------------------------------------------------------------------------------
// Renders the pages show (gallery_seq is set only on a published render: public, finished, not hidden)

const read = (sqlite: Database, where: string) => sqlite.query<GalleryRenderRow, (string | number)[]>(`SELECT ${GALLERY_RENDER_COLUMNS} FROM renders r ${where}`);

export function curatedRenders(sqlite: Database, limit: number): GalleryRenderRow[] {
  return read(sqlite, "WHERE r.curated_rank IS NOT NULL AND r.gallery_seq IS NOT NULL ORDER BY r.curated_rank, r.gallery_seq LIMIT ?").all(limit);
}

/** The published render of a (prompt, style) cell at `offset` in model order. */
export function publishedCellRender(sqlite: Database, prompt: string, slug: string, offset = 0): GalleryRenderRow | null {
  return read(sqlite, "WHERE r.base_prompt = ? AND r.style_slug = ? AND r.gallery_seq IS NOT NULL ORDER BY r.model_key, r.gallery_seq LIMIT 1 OFFSET ?").get(
    prompt,
    slug,
    offset,
  );
}

/** A style's first published renders in gallery order (its cover is the first). */
export function publishedRendersOfStyle(sqlite: Database, slug: string, limit: number): GalleryRenderRow[] {
  return read(sqlite, "WHERE r.style_slug = ? AND r.gallery_seq IS NOT NULL ORDER BY r.gallery_seq LIMIT ?").all(slug, limit);
}

/** A style's queued or running public renders, in planned order (its page shows them arriving). */
export function activePublicRendersOfStyle(sqlite: Database, slug: string, limit: number): GalleryRenderRow[] {
  return read(
    sqlite,
    "WHERE r.style_slug = ? AND r.status IN ('pending', 'running') AND r.visibility = 'public' AND r.hidden_at IS NULL ORDER BY r.seq LIMIT ?",
  ).all(slug, limit);
}

const modelPublishedQuery = (db: Db) =>
  db.select({ one: sql`1` }).from(renders).where(and(eq(renders.modelKey, sql.placeholder("key")), isNotNull(renders.gallerySeq))).limit(1).prepare();

/** Whether a model has any published render (one index probe). */
export function modelHasPublishedRender(sqlite: Database, modelKey: string): boolean {
  return prepared(sqlite, modelPublishedQuery).get({ key: modelKey }) !== undefined;
}

/** A render this viewer may see (a signed-out viewer, null, sees public renders only). */
export function viewableRender(sqlite: Database, id: string, viewerId: number | null): GalleryRenderRow | null {
  return read(sqlite, `WHERE r.id = ? AND ${VIEWABLE_BY_RAW}`).get(id, viewerId ?? -1);
}

export function publicRender(sqlite: Database, id: string): GalleryRenderRow | null {
  return read(sqlite, `WHERE r.id = ? AND ${PUBLIC_RENDER_RAW}`).get(id);
}

/** A matrix run's renders in planned order: those this viewer may see, or every one (for its owner's page). */
export function renderRowsOfRun(sqlite: Database, runId: string, viewer: { viewerId: number | null } | "all"): GalleryRenderRow[] {
  if (viewer === "all") return read(sqlite, "WHERE r.matrix_run_id = ? ORDER BY r.seq").all(runId);
  return read(sqlite, `WHERE r.matrix_run_id = ? AND ${VIEWABLE_BY_RAW} ORDER BY r.seq`).all(runId, viewer.viewerId ?? -1);
}

/** The same prompt and style in other models, by model. */
export function sameCellOtherRenders(sqlite: Database, render: { id: string; base_prompt: string; style_slug: string }, limit: number): GalleryRenderRow[] {
  return read(sqlite, "WHERE r.base_prompt = ? AND r.style_slug = ? AND r.id != ? AND r.gallery_seq IS NOT NULL ORDER BY r.model_key LIMIT ?").all(
    render.base_prompt,
    render.style_slug,
    render.id,
    limit,
  );
}

/** The same prompt in other styles, in gallery order. */
export function samePromptOtherStyles(sqlite: Database, render: { base_prompt: string; style_slug: string }, limit: number): GalleryRenderRow[] {
  return read(sqlite, "WHERE r.base_prompt = ? AND r.gallery_seq IS NOT NULL AND r.style_slug != ? ORDER BY r.gallery_seq LIMIT ?").all(
    render.base_prompt,
    render.style_slug,
    limit,
  );
}

export function renderProvenanceOf(sqlite: Database, id: string) {
  return drizzleFor(sqlite).select({ provenance: renders.provenance }).from(renders).where(eq(renders.id, id)).get()?.provenance ?? null;
}

export function renderHiding(sqlite: Database, id: string) {
  return drizzleFor(sqlite).select({ hiddenAt: renders.hiddenAt, hiddenReason: renders.hiddenReason }).from(renders).where(eq(renders.id, id)).get() ?? null;
}

/**
 * The user's own restyles among `ids` (any order), with the photo each restyled. Raw, over json_each: the id list
 * binds as one parameter, so one compiled statement serves every list.
 */
export function ownRestyleRows(sqlite: Database, userId: number, ids: readonly string[]): (GalleryRenderRow & { upload_id: string })[] {
  return sqlite
    .query<GalleryRenderRow & { upload_id: string }, [number, string]>(
      `SELECT ${GALLERY_RENDER_COLUMNS}, r.upload_id FROM renders r WHERE r.user_id = ? AND r.upload_id IS NOT NULL AND r.id IN (SELECT value FROM json_each(?))`,
    )
    .all(userId, JSON.stringify(ids));
}
