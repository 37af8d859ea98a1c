// How big the library is right now (its images and their bytes), for the "Download the library" button.
import type { Database } from "bun:sqlite";
import type { LibrarySize } from "../../client/library-download";
import { galleryVersion } from "../../db/gallery-state";
import { librarySnapshotSize } from "../../db/renders";
import { sqliteData } from "../../db/data";
import type { ImageStore } from "../../storage";
import { currentSnapshot, recordMissingOriginals } from "./service";

export interface LibrarySnapshotSize extends LibrarySize {
  snapshot: number;
}

// Counted again only when the gallery changes (its version moves on every publish and unpublish).
const counted = new WeakMap<Database, { version: number; size: LibrarySnapshotSize }>();

/** The images the ZIP of the current snapshot holds and the bytes of their originals (the ZIP adds a little). */
export async function librarySize(sqlite: Database, store: ImageStore): Promise<LibrarySnapshotSize> {
  const version = await galleryVersion(sqliteData(sqlite));
  const known = counted.get(sqlite);
  if (known?.version === version) return known.size;
  const snapshot = await currentSnapshot(sqlite);
  await recordMissingOriginals(sqlite, store, snapshot);
  // The same rows the archive takes: published up to the snapshot, with an original on record.
  const row = await librarySnapshotSize(sqliteData(sqlite), snapshot);
  const size = { snapshot, files: row.files, bytes: row.bytes };
  counted.set(sqlite, { version, size });
  return size;
}
