// The one render row a full-resolution download needs: who owns it, whether it is public, where its original is.
import type { Database } from "bun:sqlite";
import { downloadableRender, type OriginalRow } from "../../db/renders";

export interface DownloadableRender extends OriginalRow {
  userId: number | null;
  isPublic: boolean;
}

/** A finished render (public or private; the route decides who may have it), or null. */
export function findDownloadableRender(sqlite: Database, id: string): DownloadableRender | null {
  const row = downloadableRender(sqlite, id);
  if (!row) return null;
  const { visibility, nsfw, hiddenAt, ...rest } = row;
  return { ...rest, isPublic: visibility === "public" && !nsfw && hiddenAt === null };
}
