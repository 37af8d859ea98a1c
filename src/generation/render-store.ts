// Writes a render's outcome (main thread only): done with its image files and metadata, or failed with a reason.
import type { Database } from "bun:sqlite";
import type { ProcessedImage } from "./postprocess";

export function markRenderDone(sqlite: Database, id: string, image: ProcessedImage, metadata: Record<string, unknown>): void {
  sqlite
    .query(
      `UPDATE renders SET status = 'done', image_path = ?, thumb_path = ?, width = ?, height = ?, thumbhash = ?,
         render_metadata = ?, error = NULL, lease_until = NULL, completed_at = ?
       WHERE id = ?`,
    )
    .run(image.imagePath, image.thumbPath, image.width, image.height, image.thumbhash, JSON.stringify(metadata), Date.now(), id);
}

export function markRenderFailed(sqlite: Database, id: string, reason: string): void {
  sqlite
    .query(`UPDATE renders SET status = 'failed', error = ?, lease_until = NULL, completed_at = ? WHERE id = ?`)
    .run(reason, Date.now(), id);
}
