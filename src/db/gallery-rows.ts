// A render as the gallery's pages read it: the columns of its JSON form (RenderJson), keyed by their JSON
// names so the row maps to the response field by field, and who may see one.
import { rows, type Data, type Tables } from "./data";
import type { SQL } from "drizzle-orm";
import { Fragment, q, toSql, trusted } from "./sql-text";

export type GalleryRenderRow = {
  id: string;
  matrix_run_id: string | null;
  style_phrase: string;
  style_slug: string;
  model_key: string;
  base_prompt: string;
  effective_prompt: string;
  status: "pending" | "running" | "done" | "failed";
  visibility: "public" | "private";
  image_path: string | null;
  thumb_path: string | null;
  thumb_2x_path: string | null;
  width: number | null;
  height: number | null;
  full_width: number | null;
  full_height: number | null;
  thumbhash: string | null;
  curated_rank: number | null;
  error: string | null;
  created_at: number;
  completed_at: number | null;
  version: number;
  previous_version_id: string | null;
};

/** The same columns for the query builder, keyed by their JSON names. */
export const galleryRenderFields = (renders: Tables["renders"]) => ({
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
});

/** The same columns for the raw statements (pages, search's arms), over `renders r`; usable in Drizzle's sql`` too. */
const GALLERY_RENDER_COLUMNS = `r.id, r.matrix_run_id, r.style_phrase, r.style_slug, r.model_key, r.base_prompt, r.effective_prompt, r.status,
  r.visibility, r.image_path, r.thumb_path, r.thumb_2x_path, r.width, r.height, r.full_width, r.full_height, r.thumbhash, r.curated_rank, r.error,
  r.created_at, r.completed_at, r.version, r.previous_version_id`;
export const GALLERY_COLUMNS = trusted(GALLERY_RENDER_COLUMNS);

/** Public to anyone, as raw SQL over `renders r`: public, not rejected by a safety check, not hidden by a moderator. */
export const PUBLIC_RENDER = trusted(`(r.visibility = 'public' AND NOT r.nsfw AND r.hidden_at IS NULL)`);
/** What a viewer may see, over `renders r`: public, or their own (any visibility, hidden or not). */
export const viewableBy = (viewerId: number | null): Fragment => q`(${PUBLIC_RENDER} OR (r.user_id IS NOT NULL AND r.user_id = ${viewerId ?? -1}))`;

/**
 * PostgreSQL hands raw bigint columns (the epoch-millisecond times) back as strings; the builder maps them, raw
 * rows are mapped here. bun:sqlite already answers numbers.
 */
export function epochNumbers<T extends { created_at: unknown; completed_at: unknown }>(data: Pick<Data, "dialect">, found: T[]): T[] {
  if (data.dialect === "postgres") {
    for (const row of found) {
      row.created_at = Number(row.created_at) as T["created_at"];
      if (row.completed_at !== null) row.completed_at = Number(row.completed_at) as T["completed_at"];
    }
  }
  return found;
}

/** Gallery render rows of a raw statement selecting GALLERY_COLUMNS (with any extra columns of `T`). */
export async function galleryRows<T extends GalleryRenderRow = GalleryRenderRow>(data: Data, query: Fragment | SQL): Promise<T[]> {
  return epochNumbers(data, await rows<T>(data, query instanceof Fragment ? toSql(data, query) : query));
}
