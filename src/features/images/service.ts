// Who may see the render an image file belongs to; where the file lives is src/storage/'s business.
import type { Database } from "bun:sqlite";
import { renderIdOfImageFile } from "../../storage";

export interface ImageAccess {
  isPublic: boolean;
  ownerId: number | null;
}

/** Who may see the render an image file belongs to (null when no render owns that name). */
export function imageAccess(sqlite: Database, file: string): ImageAccess | null {
  const row = sqlite.query("SELECT visibility, nsfw, hidden_at, user_id FROM renders WHERE id = ?").get(renderIdOfImageFile(file)) as
    | { visibility: string; nsfw: number; hidden_at: number | null; user_id: number | null }
    | null;
  if (!row) return null;
  return { isPublic: row.visibility === "public" && row.nsfw === 0 && row.hidden_at === null, ownerId: row.user_id };
}
