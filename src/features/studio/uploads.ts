// Accepting a photo safely: size cap, type sniffed from bytes, pixel limit read from the header before any
// decode, truncation rejected, auto-oriented and re-encoded with all metadata stripped, private to its owner,
// within the owner's quota (count and stored bytes).
import { and, eq, sql } from "drizzle-orm";
import type { OutputInfo } from "sharp";
import type { Config } from "../../config";
import { rows, type Data } from "../../db/data";
import type { RawRow } from "../../db/raw-row";
import type { uploads } from "../../db/schema";
import { HttpError } from "../../http/http-error";
import { createImageStore, uploadKey } from "../../storage";
import { sniffImageType } from "./sniff";

/** Inputs are stored no larger than this on their long edge: enough for any provider, bounded on disk. */
const STORED_MAX_EDGE = 2048;
const STORED_QUALITY = 92;

export interface StoredUpload {
  upload_id: string;
  width: number;
  height: number;
}

/** path is its storage key (src/storage/keys.ts). */
export type UploadRow = RawRow<typeof uploads, "id" | "user_id" | "path" | "width" | "height">;

/** The one place an upload's file is deleted (missing files are fine: the goal is that it is gone). */
export async function deleteUploadFile(config: Config, upload: Pick<UploadRow, "path">): Promise<void> {
  await createImageStore(config.storage).delete(upload.path);
}

/** A count and a sum over the user's uploads: computed figures, which no schema column names. */
interface UploadUsage {
  count: number;
  bytes: number;
}

async function uploadUsage(data: Data, userId: number): Promise<UploadUsage> {
  const { uploads } = data.tables;
  const [usage] = await data.db
    .select({ count: sql<number>`count(*)`.mapWith(Number), bytes: sql<number>`coalesce(sum(${uploads.bytes}), 0)`.mapWith(Number) })
    .from(uploads)
    .where(eq(uploads.userId, userId));
  return usage!; // count(*) always yields a row
}

class UploadQuotaError extends HttpError {
  constructor(config: Config, usage: UploadUsage) {
    const hours = Math.round(config.uploads.unusedMaxAgeMs / 3_600_000);
    const mb = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;
    super(
      403,
      `Upload quota reached: you keep ${usage.count} uploads (${mb(usage.bytes)}); the limit is ${config.uploads.quotaCount} uploads ` +
        `or ${mb(config.uploads.quotaBytes)}. Uploads no render uses are deleted after ${hours} hours.`,
      { uploads: usage.count, bytes: usage.bytes, quota_count: config.uploads.quotaCount, quota_bytes: config.uploads.quotaBytes },
    );
  }
}

function overQuota(config: Config, usage: UploadUsage, adding: number): boolean {
  return usage.count + 1 > config.uploads.quotaCount || usage.bytes + adding > config.uploads.quotaBytes;
}

export async function findOwnUpload(data: Data, userId: number, uploadId: string): Promise<UploadRow | null> {
  const { uploads } = data.tables;
  const [upload] = await data.db
    .select({ id: uploads.id, user_id: uploads.userId, path: uploads.path, width: uploads.width, height: uploads.height })
    .from(uploads)
    .where(and(eq(uploads.id, uploadId), eq(uploads.userId, userId)));
  return upload ?? null;
}

/** The user's upload of exactly these bytes, if they uploaded them before. */
async function sameUpload(data: Data, userId: number, sha256: string): Promise<StoredUpload | null> {
  const { uploads } = data.tables;
  const [upload] = await data.db
    .select({ upload_id: uploads.id, width: uploads.width, height: uploads.height })
    .from(uploads)
    .where(and(eq(uploads.userId, userId), eq(uploads.sha256, sha256)));
  return upload ?? null;
}

export async function storeUpload(data: Data, config: Config, userId: number, bytes: Uint8Array): Promise<StoredUpload> {
  if (bytes.byteLength > config.uploads.maxBytes) {
    throw new HttpError(413, `The file is larger than ${Math.floor(config.uploads.maxBytes / 1_048_576)} MB.`);
  }
  if (bytes.byteLength === 0) throw new HttpError(400, "The file is empty.");
  if (!sniffImageType(bytes)) throw new HttpError(415, "Only JPEG, PNG and WebP photos can be uploaded.");

  const sha256 = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
  const existing = await sameUpload(data, userId, sha256);
  if (existing) return existing;
  // Refused before any decoding; the insert below checks again with the stored size, atomically.
  const usage = await uploadUsage(data, userId);
  if (overQuota(config, usage, 1)) throw new UploadQuotaError(config, usage);

  // Loaded on first upload rather than at boot: sharp is the slowest module to import (~60 ms).
  const { default: sharp } = await import("sharp");
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header;
  try {
    // Reads the header only (nothing is decoded), with no limit here so the size check below can name it.
    header = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new HttpError(422, "The image could not be read: it is corrupt or not really an image.");
  }
  const pixels = (header.width ?? 0) * (header.height ?? 0);
  if (pixels === 0) throw new HttpError(422, "The image has no size: it is corrupt.");
  if (pixels > config.uploads.maxPixels) {
    throw new HttpError(413, `The image is ${Math.round(pixels / 1e6)} megapixels; the limit is ${Math.round(config.uploads.maxPixels / 1e6)}.`);
  }

  let encoded: { data: Buffer; info: OutputInfo };
  try {
    encoded = await sharp(input, { failOn: "truncated", limitInputPixels: config.uploads.maxPixels })
      .rotate()
      .resize(STORED_MAX_EDGE, STORED_MAX_EDGE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: STORED_QUALITY })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new HttpError(422, "The image is truncated or corrupt.");
  }

  const id = crypto.randomUUID();
  const relativePath = uploadKey(id);
  await createImageStore(config.storage).write(relativePath, encoded.data);
  // One statement, so parallel uploads by one user cannot all pass the quota together; the casts type the
  // selected values for PostgreSQL, which would otherwise take them as text.
  const stored = await rows<{ id: string }>(
    data,
    sql`INSERT INTO uploads (id, user_id, path, sha256, width, height, bytes)
        SELECT CAST(${id} AS text), CAST(${userId} AS integer), CAST(${relativePath} AS text), CAST(${sha256} AS text),
               CAST(${encoded.info.width} AS integer), CAST(${encoded.info.height} AS integer), CAST(${encoded.data.length} AS bigint)
        WHERE (SELECT count(*) FROM uploads WHERE user_id = ${userId}) < ${config.uploads.quotaCount}
          AND (SELECT coalesce(sum(bytes), 0) FROM uploads WHERE user_id = ${userId}) + ${encoded.data.length} <= ${config.uploads.quotaBytes}
        ON CONFLICT DO NOTHING
        RETURNING id`,
  );
  if (stored.length === 0) {
    await deleteUploadFile(config, { path: relativePath });
    // The same photo uploaded twice at once: the other request stored it first.
    const winner = await sameUpload(data, userId, sha256);
    if (winner) return winner;
    throw new UploadQuotaError(config, await uploadUsage(data, userId));
  }
  return { upload_id: id, width: encoded.info.width, height: encoded.info.height };
}
