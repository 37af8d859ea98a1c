// Turns one image buffer into the gallery's stored files: the web image, a full-resolution original (for
// unlocked downloads and the library), two square thumbnails and a thumbhash.
import { randomUUID } from "node:crypto";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp, { type Sharp } from "sharp";
import { rgbaToThumbHash } from "thumbhash";

/** Grid thumbnail edge in px (square cover crop); the 2× thumbnail is twice this. */
export const THUMB_SIZE = 384;

export interface ProcessedImage {
  /** The web image (URL path); the full-resolution original sits beside it as `<id>_full.webp`. */
  imagePath: string;
  thumbPath: string;
  thumb2xPath: string;
  /** Of the web image. */
  width: number;
  height: number;
  fullWidth: number;
  fullHeight: number;
  thumbhash: string;
  bytes: number;
  /** Every pixel (near) black: how some providers deliver a picture their safety filter removed. */
  blank: boolean;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The web image everyone sees: at most this on its long edge. */
export const WEB_MAX_EDGE = 1024;
const WEB_QUALITY = 86;
/** The full-resolution original keeps every pixel at near-lossless quality. */
const FULL_QUALITY = 95;
/** The download original favours encode speed (effort 0 is ~3× faster than 2) over a few percent of file size. */
const FULL_EFFORT = 0;
const THUMB_QUALITY = 80;
/** libwebp effort 2 encodes in about half the time of the default 4 for files ~3% larger (measured at 1024²). */
const WEBP_EFFORT = 2;
/** thumbhash only encodes images up to 100×100. */
const THUMBHASH_EDGE = 100;
/** Channel values at or below this count as black; lossy encoders leave a little noise in black. */
const BLACK_LEVEL = 8;

export async function postprocessImage(
  input: Buffer,
  opts: { imagesDir: string; id: string; date?: Date },
): Promise<ProcessedImage> {
  if (!UUID_PATTERN.test(opts.id)) {
    throw new Error(`Image id must be a lowercase UUID, got ${JSON.stringify(opts.id)}`);
  }
  const decoded = await decodeOnce(input);
  const { width, height } = decoded.info;
  const fromPixels = () =>
    sharp(decoded.data, { raw: { width, height, channels: decoded.info.channels } });

  const [web, full, thumb, thumb2x, thumbhash] = await Promise.all([
    fromPixels()
      .resize(WEB_MAX_EDGE, WEB_MAX_EDGE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: WEB_QUALITY, effort: WEBP_EFFORT })
      .toBuffer({ resolveWithObject: true }),
    fromPixels().webp({ quality: FULL_QUALITY, effort: FULL_EFFORT }).toBuffer(),
    fromPixels().resize(THUMB_SIZE, THUMB_SIZE, { fit: "cover" }).webp({ quality: THUMB_QUALITY, effort: WEBP_EFFORT }).toBuffer(),
    fromPixels().resize(THUMB_SIZE * 2, THUMB_SIZE * 2, { fit: "cover" }).webp({ quality: THUMB_QUALITY, effort: WEBP_EFFORT }).toBuffer(),
    thumbhashOf(fromPixels()),
  ]);

  const date = opts.date ?? new Date();
  const year = String(date.getUTCFullYear());
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const directory = path.join(opts.imagesDir, year, month);
  await mkdir(directory, { recursive: true });
  const names = { web: `${opts.id}.webp`, full: `${opts.id}_full.webp`, thumb: `${opts.id}_t.webp`, thumb2x: `${opts.id}_t2.webp` };
  await Promise.all([
    writeAtomically(path.join(directory, names.web), web.data),
    writeAtomically(path.join(directory, names.full), full),
    writeAtomically(path.join(directory, names.thumb), thumb),
    writeAtomically(path.join(directory, names.thumb2x), thumb2x),
  ]);

  const urlBase = `/images/${year}/${month}`;
  return {
    imagePath: `${urlBase}/${names.web}`,
    thumbPath: `${urlBase}/${names.thumb}`,
    thumb2xPath: `${urlBase}/${names.thumb2x}`,
    width: web.info.width,
    height: web.info.height,
    fullWidth: width,
    fullHeight: height,
    thumbhash,
    bytes: web.data.length,
    blank: isAllBlack(decoded.data, decoded.info.channels),
  };
}

function isAllBlack(pixels: Buffer, channels: number): boolean {
  const colourChannels = channels === 4 ? 3 : channels;
  for (let i = 0; i < pixels.length; i += channels) {
    for (let c = 0; c < colourChannels; c++) {
      if (pixels[i + c]! > BLACK_LEVEL) return false;
    }
  }
  return true;
}

/**
 * The only decode: EXIF orientation applied, converted to 8-bit sRGB (3 channels, or 4 with alpha).
 * Every output is derived from these pixels, and raw pixels carry no metadata to leak.
 */
async function decodeOnce(input: Buffer) {
  try {
    return await sharp(input, { failOn: "error" })
      .rotate()
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot decode image: ${reason}`);
  }
}

async function thumbhashOf(pixels: Sharp): Promise<string> {
  const { data, info } = await pixels
    .resize(THUMBHASH_EDGE, THUMBHASH_EDGE, { fit: "inside" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString("base64");
}

/** Readers never see a half-written file: write beside the target, then rename over it. */
async function writeAtomically(target: string, contents: Buffer): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, contents);
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
