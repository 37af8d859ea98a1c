// The interface every image store implements (a local folder, or an S3 bucket) and the settings that choose one.

export interface StoredObject {
  size: number;
  lastModified: Date;
}

export interface ListedObject {
  key: string;
  size: number;
}

export type DiskStoreConfig = { kind: "disk"; root: string };

export interface S3StoreConfig {
  kind: "s3";
  bucket: string;
  /** Prepended to every key ("" or ending in "/"), so one bucket can hold several galleries. */
  prefix: string;
  /** Unset for AWS S3 itself (Bun derives it from the region). */
  endpoint?: string;
  region?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Public images: a redirect to a presigned URL (the bytes skip the app) or streamed through the app. */
  publicImages: "redirect" | "stream";
  /** Any S3 request (and each chunk of a read) must answer within this, or fails with StoreUnavailableError. */
  timeoutMs: number;
}

/** Plain data, so it crosses into a generation Worker, which builds its own store from it. */
export type StoreConfig = DiskStoreConfig | S3StoreConfig;

/** How long a URL from publicRedirect stays valid; the image route lets the redirect be cached for half of that. */
export const PRESIGNED_URL_SECONDS = 3600;

export class StoredObjectNotFoundError extends Error {
  override name = "StoredObjectNotFoundError";
}

/** The store could not be reached or refused the request (credentials, bucket, network, no answer in time). */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}

/**
 * Keys are the names from ./keys.ts; every method refuses anything else (InvalidKeyError) before touching
 * storage, so no caller can name a file outside the store.
 */
export interface ImageStore {
  /** "disk /srv/data" or "s3://bucket/prefix at https://endpoint": for messages. */
  readonly description: string;
  /** All or nothing: a reader sees the previous object or the new one, never part of it. */
  write(key: string, bytes: Uint8Array): Promise<void>;
  /** null when there is no such object. */
  stat(key: string): Promise<StoredObject | null>;
  /** Throws StoredObjectNotFoundError when there is no such object. */
  read(key: string): Promise<Uint8Array>;
  /** Read lazily as it is consumed; errors (StoredObjectNotFoundError) when there is no such object. */
  readStream(key: string): ReadableStream<Uint8Array>;
  /**
   * The object as a response body, read lazily: a disk file is a Blob, which Bun sends with sendfile (twice the
   * requests/s of a stream for a thumbnail); an S3 object is a stream (an S3File body would make Bun answer
   * with a redirect instead). Stat first: a missing object fails only when the body is read.
   */
  responseBody(key: string): Blob | ReadableStream<Uint8Array>;
  /** Deleting what is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored image and upload, in no promised order; objects whose names are not storage keys are skipped. */
  list(): AsyncIterable<ListedObject>;
  /** Where a browser fetches an image key (the app's /images/ route, which checks access). */
  publicUrl(key: string): string;
  /**
   * Where the image route may send a browser for a public image instead of streaming it (a presigned S3 URL
   * when S3_PUBLIC_IMAGES=redirect), or null to stream it.
   */
  publicRedirect(key: string): string | null;
  /** The origin publicRedirect's URLs live on (for the Content-Security-Policy), or null. */
  readonly redirectOrigin: string | null;
  /** Proves the store answers and accepts the credentials; throws StoreUnavailableError saying why not. */
  check(): Promise<void>;
}
