// Maps an image URL's parts to a file under DATA_DIR/images, refusing anything but the names we write.
import type { Database } from "bun:sqlite";
import { resolve, sep } from "node:path";

const YEAR = /^\d{4}$/;
const MONTH = /^(0[1-9]|1[0-2])$/;
/** Exactly the names postprocessImage writes: `<uuid>.webp`, `<uuid>_t.webp`, `<uuid>_t2.webp`. */
export const IMAGE_FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:_t|_t2)?\.webp$/;

/** The file path for an image URL, or null when a part is not one we could have written. */
export function resolveImageFile(imagesDir: string, year: string, month: string, file: string): string | null {
  if (!YEAR.test(year) || !MONTH.test(month) || !IMAGE_FILE_NAME.test(file)) return null;
  const root = resolve(imagesDir);
  const path = resolve(root, year, month, file);
  // Belt and braces: the patterns already exclude separators and dots, but the rule is "stays under root".
  return path.startsWith(root + sep) ? path : null;
}

export interface ImageAccess {
  isPublic: boolean;
  ownerId: number | null;
}

/** Who may see the render an image file belongs to (null when no render owns that name). */
export function imageAccess(sqlite: Database, file: string): ImageAccess | null {
  const row = sqlite.query("SELECT visibility, nsfw, user_id FROM renders WHERE id = ?").get(file.slice(0, 36)) as
    | { visibility: string; nsfw: number; user_id: number | null }
    | null;
  if (!row) return null;
  return { isPublic: row.visibility === "public" && row.nsfw === 0, ownerId: row.user_id };
}
