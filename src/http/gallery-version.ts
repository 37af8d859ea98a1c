// The gallery's version (bumped by triggers whenever public content changes) as the response cache sees it,
// without a database read on every request: reading the row is a WAL read transaction (two fcntl locks and an
// fstat, 5–10 µs on a busy machine), the largest cost of a cached page. It is read again only when this
// connection has written since (total_changes(): no file access) or MAX_STALE_MS has passed, so this process's
// own writes show at once and other processes' (web copies, worker processes, CLI scripts) within that time.
// (On PostgreSQL the cache follows the version with LISTEN instead: pg-gallery-version.ts.)
import type { Database } from "bun:sqlite";
import { eq } from "drizzle-orm";
import type { Data } from "../db/data";

export const MAX_STALE_MS = 1;

export function galleryVersionReader(sqlite: Database, maxStaleMs = MAX_STALE_MS): () => number {
  const readVersion = sqlite.prepare<[number], []>("SELECT version FROM gallery_state WHERE id = 1");
  const readChanges = sqlite.prepare<[number], []>("SELECT total_changes()");
  let version = -1;
  let changes = -1;
  let readAt = -Infinity;
  return () => {
    const now = performance.now();
    const currentChanges = Number(readChanges.values()[0]![0]);
    if (currentChanges !== changes || now - readAt >= maxStaleMs) {
      version = Number(readVersion.values()[0]![0]);
      changes = currentChanges;
      readAt = now;
    }
    return version;
  };
}

/** The version now, read from the database on either (what the library's size keys on). */
export async function readGalleryVersion(data: Data): Promise<number> {
  const { galleryState } = data.tables;
  const [row] = await data.db.select({ version: galleryState.version }).from(galleryState).where(eq(galleryState.id, 1));
  return Number(row?.version ?? 0);
}
