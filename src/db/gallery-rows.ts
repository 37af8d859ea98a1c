// A render as the gallery's pages read it: the columns of its JSON form (RenderJson), keyed by their JSON
// names so the row maps to the response field by field, and who may see one.
import type { Db } from "./client";
import { renders } from "./schema";

export const GALLERY_RENDER_FIELDS = {
  id: renders.id,
  matrix_run_id: renders.matrixRunId,
  style_phrase: renders.stylePhrase,
  style_slug: renders.styleSlug,
  model_key: renders.modelKey,
  base_prompt: renders.basePrompt,
  effective_prompt: renders.effectivePrompt,
  status: renders.status,
  visibility: renders.visibility,
  image_path: renders.imagePath,
  thumb_path: renders.thumbPath,
  thumb_2x_path: renders.thumb2xPath,
  width: renders.width,
  height: renders.height,
  full_width: renders.fullWidth,
  full_height: renders.fullHeight,
  thumbhash: renders.thumbhash,
  curated_rank: renders.curatedRank,
  error: renders.error,
  created_at: renders.createdAt,
  completed_at: renders.completedAt,
  version: renders.version,
  previous_version_id: renders.previousVersionId,
};

/** The same columns for the raw statements (search's arms), over `renders r`. */
export const GALLERY_RENDER_COLUMNS = `r.id, r.matrix_run_id, r.style_phrase, r.style_slug, r.model_key, r.base_prompt, r.effective_prompt, r.status,
  r.visibility, r.image_path, r.thumb_path, r.thumb_2x_path, r.width, r.height, r.full_width, r.full_height, r.thumbhash, r.curated_rank, r.error,
  r.created_at, r.completed_at, r.version, r.previous_version_id`;

/** Public to anyone, as raw SQL over `renders r`: public, not rejected by a safety check, not hidden by a moderator. */
export const PUBLIC_RENDER_RAW = `(r.visibility = 'public' AND r.nsfw = 0 AND r.hidden_at IS NULL)`;
/** What a viewer may see, as raw SQL over `renders r`: public, or their own (any visibility, hidden or not); binds the viewer's id. */
export const VIEWABLE_BY_RAW = `(${PUBLIC_RENDER_RAW} OR (r.user_id IS NOT NULL AND r.user_id = ?))`;

export const selectGalleryRenders = (db: Db) => db.select(GALLERY_RENDER_FIELDS).from(renders);
export type GalleryRenderRow = ReturnType<ReturnType<typeof selectGalleryRenders>["all"]>[number];
