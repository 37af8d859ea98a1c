// How big the library is right now (its images and their bytes), for the "Download the library" button.
import type { LibrarySize } from "../../client/library-download";
import type { Data } from "../../db/data";
import { librarySnapshotSize } from "../../db/library-reads";
import { readGalleryVersion } from "../../http/gallery-version";
import type { ImageStore } from "../../storage";
import { currentSnapshot, recordMissingOriginals } from "./service";

export interface LibrarySnapshotSize extends LibrarySize {
  snapshot: number;
}

// Counted again only when the gallery changes (its version moves on every publish and unpublish).
const counted = new WeakMap<Data, { version: number; size: LibrarySnapshotSize }>();

/** The images the ZIP of the current snapshot holds and the bytes of their originals (the ZIP adds a little). */
export async function librarySize(data: Data, store: ImageStore): Promise<LibrarySnapshotSize> {
  const version = await readGalleryVersion(data);
  const known = counted.get(data);
  if (known?.version === version) return known.size;
  const snapshot = await currentSnapshot(data);
  await recordMissingOriginals(data, store, snapshot);
  // The same rows the archive takes: published up to the snapshot, with an original on record.
  const row = await librarySnapshotSize(data, snapshot);
  const size = { snapshot, files: row.files, bytes: row.bytes };
  counted.set(data, { version, size });
  return size;
}
