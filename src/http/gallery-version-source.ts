// Where the response cache learns the gallery's version on each database: on bun:sqlite a cheap local read
// (gallery-version.ts), on PostgreSQL the LISTEN follower (pg-gallery-version.ts), one per handle. Until the follower
// has read the version (milliseconds after start) it reports -1, and the first real version clears anything cached.
import type { Data, PostgresData } from "../db/data";
import { log } from "../log";
import { galleryVersionReader } from "./gallery-version";
import { followGalleryVersion, type GalleryVersionFollower } from "./pg-gallery-version";

const followers = new WeakMap<PostgresData, () => number>();

export function galleryVersionSource(data: Data): () => number {
  if (data.dialect === "sqlite") return galleryVersionReader(data.sqlite);
  let read = followers.get(data);
  if (!read) {
    let follower: GalleryVersionFollower | undefined;
    followGalleryVersion(data.pg).then(
      (started) => (follower = started),
      (error: unknown) => log.error("gallery version: could not LISTEN for changes; cached pages are not kept", error),
    );
    read = () => follower?.current() ?? -1;
    followers.set(data, read);
  }
  return read;
}
