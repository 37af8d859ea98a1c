// The gallery's position counter (gallery_state, kept by triggers from renders); read-only here.
import type { Database } from "bun:sqlite";
import { eq } from "drizzle-orm";
import { prepared, type Db } from "./client";
import { galleryState } from "./schema";

// Prepared once per connection: both are read on every search and cached page.
const lastSeqQuery = (db: Db) => db.select({ n: galleryState.lastGallerySeq }).from(galleryState).where(eq(galleryState.id, 1)).prepare();
const versionQuery = (db: Db) => db.select({ n: galleryState.version }).from(galleryState).where(eq(galleryState.id, 1)).prepare();

/** The highest gallery position handed out so far: what search paging and the library snapshot on. */
export function lastGallerySeq(sqlite: Database): number {
  return prepared(sqlite, lastSeqQuery).get()?.n ?? 0;
}

/** Moves whenever the public gallery changes (a render published or unpublished): what caches key on. */
export function galleryVersion(sqlite: Database): number {
  return prepared(sqlite, versionQuery).get()?.n ?? 0;
}
