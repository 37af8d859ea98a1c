// Renders related to one render: its versions (the re-render chain), what /compare offers beside it, and the
// candidates and fingerprints "more like this" ranks.
import { and, desc, eq, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Data } from "./data";
import { byPhrase } from "./gallery-reads";
import { GALLERY_COLUMNS, galleryRenderFields, galleryRows, viewableBy, type GalleryRenderRow } from "./gallery-rows";
import { q } from "./sql-text";

/**
 * The finished renders of the chain holding `id` that the viewer may see, oldest first. Raw SQL: a recursive
 * CTE walking previous_version_id up then down, which the query builder does not express.
 */
export async function renderVersionRows(data: Data, id: string, viewerId: number | null): Promise<GalleryRenderRow[]> {
  return galleryRows(
    data,
    q`WITH RECURSIVE
          up(id, previous) AS (
            SELECT id, previous_version_id FROM renders WHERE id = ${id}
            UNION SELECT p.id, p.previous_version_id FROM renders p JOIN up ON p.id = up.previous),
          down(id) AS (
            SELECT id FROM up WHERE previous IS NULL
            UNION SELECT n.id FROM renders n JOIN down ON n.previous_version_id = down.id)
        SELECT ${GALLERY_COLUMNS} FROM renders r
        WHERE r.id IN (SELECT id FROM down) AND r.status = 'done' AND r.image_path IS NOT NULL AND ${viewableBy(viewerId)}
        ORDER BY r.version, r.seq`,
  );
}

/**
 * Public gallery renders, plus the viewer's own finished ones (viewer -1 for none); from the same photo as the
 * render (both null for renders from a prompt alone).
 */
function shownTo({ tables: { renders } }: Data, viewer: number, upload: string | null): SQL {
  const samePhoto = upload === null ? sql`${renders.uploadId} IS NULL` : eq(renders.uploadId, upload);
  const own = and(isNotNull(renders.userId), eq(renders.userId, viewer), eq(renders.status, "done"), isNotNull(renders.imagePath));
  return and(or(isNotNull(renders.gallerySeq), own), samePhoto)!;
}

type ComparedFrom = { base_prompt: string; style_slug: string; model_key: string };

/** The same prompt and style by other models, each model's latest version first. */
export async function otherModelRows(data: Data, render: ComparedFrom, viewer: number, upload: string | null): Promise<GalleryRenderRow[]> {
  const { renders } = data.tables;
  return data.db
    .select(galleryRenderFields(renders))
    .from(renders)
    .where(
      and(
        eq(renders.basePrompt, render.base_prompt),
        eq(renders.styleSlug, render.style_slug),
        ne(renders.modelKey, render.model_key),
        shownTo(data, viewer, upload),
      ),
    )
    .orderBy(renders.modelKey, desc(renders.version));
}

/** The same prompt and model in other styles, A–Z by phrase, each style's latest version first. */
export async function otherStyleRows(data: Data, render: ComparedFrom, viewer: number, upload: string | null, limit: number): Promise<GalleryRenderRow[]> {
  const { renders } = data.tables;
  return data.db
    .select(galleryRenderFields(renders))
    .from(renders)
    .where(
      and(
        eq(renders.basePrompt, render.base_prompt),
        eq(renders.modelKey, render.model_key),
        ne(renders.styleSlug, render.style_slug),
        shownTo(data, viewer, upload),
      ),
    )
    .orderBy(byPhrase(data, renders.stylePhrase), desc(renders.version))
    .limit(limit);
}

/** A render's style fingerprint and layout hash (null until measured). */
export async function renderFeaturesOf(data: Data, renderId: string) {
  const { renderFeatures } = data.tables;
  const [row] = await data.db
    .select({ vector: renderFeatures.vector, layoutHash: renderFeatures.layoutHash })
    .from(renderFeatures)
    .where(eq(renderFeatures.renderId, renderId));
  return row ?? null;
}

/** The style × model centres the measures keep, up to `limit` of them. */
export async function styleCentres(data: Data, limit: number) {
  const { styleMeasures } = data.tables;
  return data.db
    .select({ styleSlug: styleMeasures.styleSlug, modelKey: styleMeasures.modelKey, centroid: styleMeasures.centroid })
    .from(styleMeasures)
    .limit(limit);
}

/** A style × model cell's newest published, safe renders with their fingerprints, leaving out `exclude`'s own cell. */
export async function measuredRendersOfCell(data: Data, cell: { styleSlug: string; modelKey: string }, exclude: ComparedFrom, limit: number) {
  const { renders, renderFeatures } = data.tables;
  return data.db
    .select({ ...galleryRenderFields(renders), featureVector: renderFeatures.vector, layoutHash: renderFeatures.layoutHash })
    .from(renders)
    .innerJoin(renderFeatures, eq(renderFeatures.renderId, renders.id))
    .where(
      and(
        eq(renders.styleSlug, cell.styleSlug),
        eq(renders.modelKey, cell.modelKey),
        isNotNull(renders.gallerySeq),
        eq(renders.nsfw, false),
        sql`NOT (${renders.styleSlug} = ${exclude.style_slug} AND ${renders.basePrompt} = ${exclude.base_prompt} AND ${renders.modelKey} = ${exclude.model_key})`,
      ),
    )
    .orderBy(desc(renders.gallerySeq))
    .limit(limit);
}
