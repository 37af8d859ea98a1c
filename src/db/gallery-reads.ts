// The gallery's page reads: styles, the prompt catalogue and the renders its pages show (search is in search.ts).
// All through Drizzle's query builder; the reads made once per tile or per row are prepared once per connection.
import type { Database } from "bun:sqlite";
import { and, asc, desc, eq, gt, isNotNull, ne, sql } from "drizzle-orm";
import { drizzleFor, prepared, type Db } from "./client";
import { PUBLIC_RENDER, selectGalleryRenders, viewableBy, type GalleryRenderRow } from "./gallery-rows";
import { ACTIVE } from "./renders";
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

/** Styles with public renders in `order`; every one when no limit is given. */
export function publicStyles(sqlite: Database, order: StyleOrder, page?: { limit: number; offset?: number }): PublicStyle[] {
  const query = drizzleFor(sqlite).select(STYLE_FIELDS).from(styles).where(HAS_PUBLIC).orderBy(...STYLE_ORDERS[order]);
  if (!page) return query.all();
  return page.offset === undefined ? query.limit(page.limit).all() : query.limit(page.limit).offset(page.offset).all();
}

export function publicStyleCount(sqlite: Database): number {
  return drizzleFor(sqlite).select({ total: sql<number>`count(*)`.mapWith(Number) }).from(styles).where(HAS_PUBLIC).get()!.total; // an aggregate always yields one row
}

export function publicStyle(sqlite: Database, slug: string): PublicStyle | null {
  return drizzleFor(sqlite).select(STYLE_FIELDS).from(styles).where(and(eq(styles.slug, slug), HAS_PUBLIC)).get() ?? null;
}

/** The style an admin featured most recently, while it has public renders. */
export function featuredPublicStyle(sqlite: Database): PublicStyle | null {
  return (
    drizzleFor(sqlite)
      .select(STYLE_FIELDS)
      .from(styles)
      .where(and(isNotNull(styles.featuredAt), HAS_PUBLIC))
      .orderBy(desc(styles.featuredAt))
      .limit(1)
      .get() ?? null
  );
}

/** Styles with curated renders, by their best curated rank. */
export function curatedStyles(sqlite: Database, limit: number): PublicStyle[] {
  const rank = sql<number>`min(${renders.curatedRank})`;
  return drizzleFor(sqlite)
    .select({ ...STYLE_FIELDS, rank })
    .from(renders)
    .innerJoin(styles, eq(styles.slug, renders.styleSlug))
    .where(and(isNotNull(renders.curatedRank), isNotNull(renders.gallerySeq)))
    .groupBy(styles.slug)
    .orderBy(rank)
    .limit(limit)
    .all()
    .map(({ phrase, slug, count }) => ({ phrase, slug, count }));
}

/** Public renders and styles that have them. */
export function galleryTotals(sqlite: Database): { public_renders: number; styles: number } {
  return drizzleFor(sqlite)
    .select({
      public_renders: sql<number>`coalesce(sum(${styles.publicCount}), 0)`.mapWith(Number),
      styles: sql<number>`count(*)`.mapWith(Number),
    })
    .from(styles)
    .where(HAS_PUBLIC)
    .get()!; // an aggregate without GROUP BY always yields one row
}

/** Base prompts with the most public renders (the prompt catalogue's order, no scan of renders). */
export function topPromptTexts(sqlite: Database, limit: number): string[] {
  return drizzleFor(sqlite)
    .select({ text: prompts.text })
    .from(prompts)
    .where(gt(prompts.publicCount, 0))
    .orderBy(desc(prompts.publicCount), asc(prompts.id))
    .limit(limit)
    .all()
    .map((row) => row.text);
}

// ---------------------------------------------------------------------------------------------------------
// Renders the pages show (gallery_seq is set only on a published render: public, finished, not hidden)

const PUBLISHED = isNotNull(renders.gallerySeq);
const limit = sql.placeholder("limit");

export function curatedRenders(sqlite: Database, count: number): GalleryRenderRow[] {
  return selectGalleryRenders(drizzleFor(sqlite))
    .where(and(isNotNull(renders.curatedRank), PUBLISHED))
    .orderBy(renders.curatedRank, renders.gallerySeq)
    .limit(count)
    .all();
}

const cellQuery = (db: Db) =>
  selectGalleryRenders(db)
    .where(and(eq(renders.basePrompt, sql.placeholder("prompt")), eq(renders.styleSlug, sql.placeholder("slug")), PUBLISHED))
    .orderBy(renders.modelKey, renders.gallerySeq)
    .limit(1)
    .offset(sql.placeholder("offset"))
    .prepare();

/** The published render of a (prompt, style) cell at `offset` in model order. */
export function publishedCellRender(sqlite: Database, prompt: string, slug: string, offset = 0): GalleryRenderRow | null {
  return prepared(sqlite, cellQuery).get({ prompt, slug, offset }) ?? null;
}

const ofStyleQuery = (db: Db) =>
  selectGalleryRenders(db).where(and(eq(renders.styleSlug, sql.placeholder("slug")), PUBLISHED)).orderBy(renders.gallerySeq).limit(limit).prepare();

/** A style's first published renders in gallery order (its cover is the first). */
export function publishedRendersOfStyle(sqlite: Database, slug: string, count: number): GalleryRenderRow[] {
  return prepared(sqlite, ofStyleQuery).all({ slug, limit: count });
}

const activeOfStyleQuery = (db: Db) =>
  selectGalleryRenders(db)
    .where(
      and(
        eq(renders.styleSlug, sql.placeholder("slug")),
        ACTIVE,
        sql`${renders.visibility} = 'public'`,
        sql`${renders.hiddenAt} IS NULL`,
      ),
    )
    .orderBy(renders.seq)
    .limit(limit)
    .prepare();

/** A style's queued or running public renders, in planned order (its page shows them arriving). */
export function activePublicRendersOfStyle(sqlite: Database, slug: string, count: number): GalleryRenderRow[] {
  return prepared(sqlite, activeOfStyleQuery).all({ slug, limit: count });
}

const modelPublishedQuery = (db: Db) =>
  db.select({ one: sql`1` }).from(renders).where(and(eq(renders.modelKey, sql.placeholder("key")), PUBLISHED)).limit(1).prepare();

/** Whether a model has any published render (one index probe). */
export function modelHasPublishedRender(sqlite: Database, modelKey: string): boolean {
  return prepared(sqlite, modelPublishedQuery).get({ key: modelKey }) !== undefined;
}

const viewableQuery = (db: Db) =>
  selectGalleryRenders(db).where(and(eq(renders.id, sql.placeholder("id")), viewableBy(sql.placeholder("viewer")))).prepare();

/** A render this viewer may see (a signed-out viewer, null, sees public renders only). */
export function viewableRender(sqlite: Database, id: string, viewerId: number | null): GalleryRenderRow | null {
  return prepared(sqlite, viewableQuery).get({ id, viewer: viewerId ?? -1 }) ?? null;
}

export function publicRender(sqlite: Database, id: string): GalleryRenderRow | null {
  return selectGalleryRenders(drizzleFor(sqlite)).where(and(eq(renders.id, id), PUBLIC_RENDER)).get() ?? null;
}

/** A matrix run's renders in planned order: those this viewer may see, or every one (for its owner's page). */
export function renderRowsOfRun(sqlite: Database, runId: string, viewer: { viewerId: number | null } | "all"): GalleryRenderRow[] {
  const ofRun = eq(renders.matrixRunId, runId);
  return selectGalleryRenders(drizzleFor(sqlite))
    .where(viewer === "all" ? ofRun : and(ofRun, viewableBy(viewer.viewerId ?? -1)))
    .orderBy(renders.seq)
    .all();
}

/** The same prompt and style in other models, by model. */
export function sameCellOtherRenders(sqlite: Database, render: { id: string; base_prompt: string; style_slug: string }, count: number) {
  return selectGalleryRenders(drizzleFor(sqlite))
    .where(and(eq(renders.basePrompt, render.base_prompt), eq(renders.styleSlug, render.style_slug), ne(renders.id, render.id), PUBLISHED))
    .orderBy(renders.modelKey)
    .limit(count)
    .all();
}

/** The same prompt in other styles, in gallery order. */
export function samePromptOtherStyles(sqlite: Database, render: { base_prompt: string; style_slug: string }, count: number) {
  return selectGalleryRenders(drizzleFor(sqlite))
    .where(and(eq(renders.basePrompt, render.base_prompt), PUBLISHED, ne(renders.styleSlug, render.style_slug)))
    .orderBy(renders.gallerySeq)
    .limit(count)
    .all();
}

export function renderProvenanceOf(sqlite: Database, id: string) {
  return drizzleFor(sqlite).select({ provenance: renders.provenance }).from(renders).where(eq(renders.id, id)).get()?.provenance ?? null;
}

export function renderHiding(sqlite: Database, id: string) {
  return drizzleFor(sqlite).select({ hiddenAt: renders.hiddenAt, hiddenReason: renders.hiddenReason }).from(renders).where(eq(renders.id, id)).get() ?? null;
}
