// Renders related to one render: its versions (the re-render chain), what /compare offers beside it, and the
// candidates and fingerprints "more like this" ranks.
import type { Database } from "bun:sqlite";
import { and, desc, eq, isNotNull, ne, sql } from "drizzle-orm";
import { drizzleFor } from "./client";
import { GALLERY_RENDER_COLUMNS, GALLERY_RENDER_FIELDS, selectGalleryRenders, VIEWABLE_BY_RAW, type GalleryRenderRow } from "./gallery-rows";
import { renderFeatures, renders, styleMeasures } from "./schema";

/**
 * The finished renders of the chain holding `id` that the viewer may see, oldest first. Raw SQL: a recursive
 * CTE walking previous_version_id up then down, which the query builder does not express.
 */
export function renderVersionRows(sqlite: Database, id: string, viewerId: number | null): GalleryRenderRow[] {
  return sqlite
    .query<GalleryRenderRow, [string, number]>(
      `WITH RECURSIVE
         up(id, previous) AS (
           SELECT id, previous_version_id FROM renders WHERE id = ?
           UNION SELECT p.id, p.previous_version_id FROM renders p JOIN up ON p.id = up.previous),
         down(id) AS (
           SELECT id FROM up WHERE previous IS NULL
           UNION SELECT n.id FROM renders n JOIN down ON n.previous_version_id = down.id)
       SELECT ${GALLERY_RENDER_COLUMNS} FROM renders r
       WHERE r.id IN (SELECT id FROM down) AND r.status = 'done' AND r.image_path IS NOT NULL AND ${VIEWABLE_BY_RAW}
       ORDER BY r.version, r.seq`,
    )
    .all(id, viewerId ?? -1);
}

/**
 * Public gallery renders, plus the viewer's own finished ones (viewer -1 for none); from the same photo as the
 * render (`upload_id IS ?`: both null for renders from a prompt alone).
 */
const shownTo = (viewer: number, upload: string | null) =>
  sql`(${renders.gallerySeq} IS NOT NULL OR (${renders.userId} IS NOT NULL AND ${renders.userId} = ${viewer} AND ${renders.status} = 'done' AND ${renders.imagePath} IS NOT NULL)) AND ${renders.uploadId} IS ${upload}`;

type ComparedFrom = { base_prompt: string; style_slug: string; model_key: string };

/** The same prompt and style by other models, each model's latest version first. */
export function otherModelRows(sqlite: Database, render: ComparedFrom, viewer: number, upload: string | null): GalleryRenderRow[] {
  return selectGalleryRenders(drizzleFor(sqlite))
    .where(
      and(eq(renders.basePrompt, render.base_prompt), eq(renders.styleSlug, render.style_slug), ne(renders.modelKey, render.model_key), shownTo(viewer, upload)),
    )
    .orderBy(renders.modelKey, desc(renders.version))
    .all();
}

/** The same prompt and model in other styles, A–Z by phrase, each style's latest version first. */
export function otherStyleRows(sqlite: Database, render: ComparedFrom, viewer: number, upload: string | null, limit: number): GalleryRenderRow[] {
  return selectGalleryRenders(drizzleFor(sqlite))
    .where(
      and(eq(renders.basePrompt, render.base_prompt), eq(renders.modelKey, render.model_key), ne(renders.styleSlug, render.style_slug), shownTo(viewer, upload)),
    )
    .orderBy(sql`${renders.stylePhrase} COLLATE NOCASE`, desc(renders.version))
    .limit(limit)
    .all();
}

/** A render's style fingerprint and layout hash (null until measured). */
export function renderFeaturesOf(sqlite: Database, renderId: string) {
  return (
    drizzleFor(sqlite)
      .select({ vector: renderFeatures.vector, layoutHash: renderFeatures.layoutHash })
      .from(renderFeatures)
      .where(eq(renderFeatures.renderId, renderId))
      .get() ?? null
  );
}

/** The style × model centres the measures keep, up to `limit` of them. */
export function styleCentres(sqlite: Database, limit: number) {
  return drizzleFor(sqlite)
    .select({ styleSlug: styleMeasures.styleSlug, modelKey: styleMeasures.modelKey, centroid: styleMeasures.centroid })
    .from(styleMeasures)
    .limit(limit)
    .all();
}

/** A style × model cell's newest published, safe renders with their fingerprints, leaving out `exclude`'s own cell. */
export function measuredRendersOfCell(sqlite: Database, cell: { styleSlug: string; modelKey: string }, exclude: ComparedFrom, limit: number) {
  return drizzleFor(sqlite)
    .select({ ...GALLERY_RENDER_FIELDS, featureVector: renderFeatures.vector, layoutHash: renderFeatures.layoutHash })
    .from(renders)
    .innerJoin(renderFeatures, eq(renderFeatures.renderId, renders.id))
    .where(
      and(
        eq(renders.styleSlug, cell.styleSlug),
        eq(renders.modelKey, cell.modelKey),
        isNotNull(renders.gallerySeq),
        sql`${renders.nsfw} = 0`,
        sql`NOT (${renders.styleSlug} = ${exclude.style_slug} AND ${renders.basePrompt} = ${exclude.base_prompt} AND ${renders.modelKey} = ${exclude.model_key})`,
      ),
    )
    .orderBy(desc(renders.gallerySeq))
    .limit(limit)
    .all();
}
