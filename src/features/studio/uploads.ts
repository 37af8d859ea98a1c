// Accepting a photo safely: size cap, type sniffed from bytes, pixel limit read from the header before any
// decode, truncation rejected, auto-oriented and re-encoded with all metadata stripped, private to its owner.
import type { Database } from "bun:sqlite";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { OutputInfo } from "sharp";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import { sniffImageType } from "./sniff";

/** Inputs are stored no larger than this on their long edge: enough for any provider, bounded on disk. */
const STORED_MAX_EDGE = 2048;
const STORED_QUALITY = 92;

export interface StoredUpload {
  upload_id: string;
  width: number;
  height: number;
}

export interface UploadRow {
  id: string;
  user_id: number;
  path: string;
  width: number;
  height: number;
}

export function uploadFilePath(config: Config, upload: Pick<UploadRow, "path">): string {
  return join(config.dataDir, upload.path);
}

export function findOwnUpload(sqlite: Database, userId: number, uploadId: string): UploadRow | null {
  return sqlite.query("SELECT id, user_id, path, width, height FROM uploads WHERE id = ? AND user_id = ?").get(uploadId, userId) as UploadRow | null;
}

export async function storeUpload(sqlite: Database, config: Config, userId: number, bytes: Uint8Array): Promise<StoredUpload> {
  if (bytes.byteLength > config.uploads.maxBytes) {
    throw new HttpError(413, `The file is larger than ${Math.floor(config.uploads.maxBytes / 1_048_576)} MB.`);
  }
  if (bytes.byteLength === 0) throw new HttpError(400, "The file is empty.");
  if (!sniffImageType(bytes)) throw new HttpError(415, "Only JPEG, PNG and WebP photos can be uploaded.");

  const sha256 = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
  const existing = sqlite.query("SELECT id, width, height FROM uploads WHERE user_id = ? AND sha256 = ?").get(userId, sha256) as
    | { id: string; width: number; height: number }
    | null;
  if (existing) return { upload_id: existing.id, width: existing.width, height: existing.height };

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
  const relativePath = join("uploads", `${id}.webp`);
  const target = join(config.dataDir, relativePath);
  await mkdir(join(config.dataDir, "uploads"), { recursive: true });
  const temporary = `${target}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Bun.write(temporary, encoded.data);
  await rename(temporary, target);
  try {
    sqlite
      .query("INSERT INTO uploads (id, user_id, path, sha256, width, height, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(id, userId, relativePath, sha256, encoded.info.width, encoded.info.height, encoded.data.length);
  } catch (error) {
    await rm(target, { force: true });
    // The same photo uploaded twice at once: the other request stored it first.
    const winner = sqlite.query("SELECT id, width, height FROM uploads WHERE user_id = ? AND sha256 = ?").get(userId, sha256) as
      | { id: string; width: number; height: number }
      | null;
    if (winner) return { upload_id: winner.id, width: winner.width, height: winner.height };
    throw error;
  }
  return { upload_id: id, width: encoded.info.width, height: encoded.info.height };
}
