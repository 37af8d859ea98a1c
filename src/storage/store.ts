// The interface every image store implements (disk today, S3 later) and the settings that choose one.

export interface StoredObject {
  size: number;
  lastModified: Date;
}

/** Plain data, so it crosses into a generation Worker, which builds its own store from it. */
export type StoreConfig = { kind: "disk"; root: string };

export class StoredObjectNotFoundError extends Error {
  override name = "StoredObjectNotFoundError";
}

/**
 * Keys are the names from ./keys.ts; every method refuses anything else (InvalidKeyError) before touching
 * storage, so no caller can name a file outside the store.
 */
export interface ImageStore {
  /** All or nothing: a reader sees the previous object or the new one, never part of it. */
  write(key: string, bytes: Uint8Array): Promise<void>;
  /** null when there is no such object. */
  stat(key: string): Promise<StoredObject | null>;
  /** Throws StoredObjectNotFoundError when there is no such object. */
  read(key: string): Promise<Uint8Array>;
  /** Read lazily as it is consumed; errors (StoredObjectNotFoundError) when there is no such object. */
  readStream(key: string): ReadableStream<Uint8Array>;
  /**
   * The object as a lazily read Blob, to hand to `new Response()`: Bun sends a disk file with sendfile
   * (twice the requests/s of a stream for a thumbnail) and streams an S3File itself. Stat first: a missing
   * object fails only when the body is read.
   */
  responseBody(key: string): Blob;
  /** Deleting what is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Where a browser fetches an image key (the app's /images/ route for the disk store). */
  publicUrl(key: string): string;
}
