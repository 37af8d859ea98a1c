// A render as the gallery shows it: the row shape src/db reads and its JSON form.
import type { RenderJson } from "./model";

/** A render row as src/db reads it for the gallery (GalleryRenderRow fits): the JSON form's fields, times still in epoch milliseconds. */
export type RenderRow = Omit<RenderJson, "created_at" | "completed_at" | "matrix_run_id"> & {
  created_at: number;
  completed_at: number | null;
  matrix_run_id?: string | null;
};

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
