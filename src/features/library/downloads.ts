// The one render row a full-resolution download needs: who owns it, whether it is public, where its original is.
import type { Data } from "../../db/data";
import { downloadableRender, type OriginalRow } from "../../db/library-reads";

export interface DownloadableRender extends OriginalRow {
  userId: number | null;
  isPublic: boolean;
}

/** A finished render (public or private; the route decides who may have it), or null. */
export async function findDownloadableRender(data: Data, id: string): Promise<DownloadableRender | null> {
  const row = await downloadableRender(data, id);
  if (!row) return null;
  const { visibility, nsfw, hiddenAt, ...rest } = row;
  return { ...rest, isPublic: visibility === "public" && !nsfw && hiddenAt === null };
}
