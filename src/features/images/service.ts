// Who may see the render an image file belongs to; where the file lives is src/storage/'s business.
import type { Data } from "../../db/data";
import { renderAccessOf } from "../../db/gallery-reads";
import { renderIdOfImageFile } from "../../storage";

export interface ImageAccess {
  isPublic: boolean;
  ownerId: number | null;
}

/** Who may see the render an image file belongs to (null when no render owns that name). */
export async function imageAccess(data: Data, file: string): Promise<ImageAccess | null> {
  const row = await renderAccessOf(data, renderIdOfImageFile(file));
  if (!row) return null;
  return { isPublic: row.visibility === "public" && !row.nsfw && row.hiddenAt === null, ownerId: row.userId };
}
