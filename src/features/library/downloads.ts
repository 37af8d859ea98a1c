// The one render row a full-resolution download needs: who owns it, whether it is public, where its original is.
import type { Database } from "bun:sqlite";
import type { OriginalRow } from "./originals";

export interface DownloadableRender extends OriginalRow {
  user_id: number | null;
  isPublic: boolean;
}

/** A finished render (public or private; the route decides who may have it), or null. */
export function findDownloadableRender(sqlite: Database, id: string): DownloadableRender | null {
  const row = sqlite
    .query(
      `SELECT id, user_id, visibility, nsfw, hidden_at, image_path, full_key, full_bytes FROM renders
       WHERE id = ? AND status = 'done' AND image_path IS NOT NULL`,
    )
    .get(id) as (OriginalRow & { user_id: number | null; visibility: string; nsfw: number; hidden_at: number | null }) | null;
  if (!row) return null;
  const { visibility, nsfw, hidden_at, ...rest } = row;
  return { ...rest, isPublic: visibility === "public" && nsfw === 0 && hidden_at === null };
}
