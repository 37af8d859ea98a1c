// A render as the gallery reads it: the selected columns, the row shape and its JSON form.
import type { RenderJson } from "./model";

/** The raw row RENDER_COLUMNS selects: the JSON form's fields, with times still in epoch milliseconds. */
export type RenderRow = Omit<RenderJson, "created_at" | "completed_at" | "matrix_run_id"> & {
  created_at: number;
  completed_at: number | null;
  matrix_run_id?: string | null;
};

export const RENDER_COLUMNS = `r.id, r.matrix_run_id, r.style_phrase, r.style_slug, r.model_key, r.base_prompt, r.effective_prompt, r.status,
  r.visibility, r.image_path, r.thumb_path, r.thumb_2x_path, r.width, r.height, r.full_width, r.full_height, r.thumbhash, r.curated_rank, r.error,
  r.created_at, r.completed_at, r.version, r.previous_version_id`;

/** Public to anyone: public, not rejected by a safety check, not hidden by a moderator. */
export const PUBLIC_RENDER = `(r.visibility = 'public' AND r.nsfw = 0 AND r.hidden_at IS NULL)`;
/** What a viewer may see of a render: public, or their own (any visibility, hidden or not); binds the viewer's id. */
export const VIEWABLE_BY = `(${PUBLIC_RENDER} OR (r.user_id IS NOT NULL AND r.user_id = ?))`;

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
    thumb_2x_path: row.thumb_2x_path,
    width: row.width,
    height: row.height,
    full_width: row.full_width,
    full_height: row.full_height,
    thumbhash: row.thumbhash,
    curated_rank: row.curated_rank,
    error: row.error,
    matrix_run_id: row.matrix_run_id ?? null,
    version: row.version,
    previous_version_id: row.previous_version_id,
    created_at: new Date(row.created_at).toISOString(),
    completed_at: row.completed_at === null ? null : new Date(row.completed_at).toISOString(),
  };
}
