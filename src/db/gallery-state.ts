// The gallery's position counter (gallery_state, kept by triggers from renders); read-only here.
import type { Database } from "bun:sqlite";
import { eq } from "drizzle-orm";
import { drizzleFor } from "./client";
import { galleryState } from "./schema";

/** The highest gallery position handed out so far: what search paging and the library snapshot on. */
export function lastGallerySeq(sqlite: Database): number {
  return drizzleFor(sqlite).select({ n: galleryState.lastGallerySeq }).from(galleryState).where(eq(galleryState.id, 1)).get()?.n ?? 0;
}

/** Moves whenever the public gallery changes (a render published or unpublished): what caches key on. */
export function galleryVersion(sqlite: Database): number {
  return drizzleFor(sqlite).select({ n: galleryState.version }).from(galleryState).where(eq(galleryState.id, 1)).get()?.n ?? 0;
}
