// Who may see the render an image file belongs to; where the file lives is src/storage/'s business.
import type { Database } from "bun:sqlite";
import { renderIdOfImageFile } from "../../storage";
import { sqliteData } from "../../db/data";
import { renderAccess } from "../../db/renders";

export interface ImageAccess {
  isPublic: boolean;
  ownerId: number | null;
}

/** Who may see the render an image file belongs to (null when no render owns that name). */
export async function imageAccess(sqlite: Database, file: string): Promise<ImageAccess | null> {
  const row = await renderAccess(sqliteData(sqlite), renderIdOfImageFile(file));
  if (!row) return null;
  return { isPublic: row.visibility === "public" && !row.nsfw && row.hiddenAt === null, ownerId: row.userId };
}
