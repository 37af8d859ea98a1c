// Turns one image buffer into the gallery's image set in memory: the web image, a full-resolution original (for
// downloads and the library), two square thumbnails and a thumbhash. Storing them is ./render-files.ts's job.
import sharp, { type Sharp } from "sharp";
import { rgbaToThumbHash } from "thumbhash";
import { styleFeaturesOf, type StyleFeatures } from "./style-features";

/** Grid thumbnail edge in px (square cover crop); the 2× thumbnail is twice this. */
export const THUMB_SIZE = 384;

export interface RenderImageSet {
  web: Buffer;
  full: Buffer;
  thumb: Buffer;
  thumb2x: Buffer;
  /** Of the web image. */
  width: number;
  height: number;
  /** Of the original, as the provider delivered it. */
  fullWidth: number;
  fullHeight: number;
  thumbhash: string;
  /** Every pixel (near) black: how some providers deliver a picture their safety filter removed. */
  blank: boolean;
  /** Its style fingerprint, for style strength and "more like this". */
  features: StyleFeatures;
}

/**
 * The free web image everyone sees: at most this on its long edge, so the full-resolution original (the
 * provider's native size: 1024 px for OpenAI and SDXL, 1536 px for the offline models) is visibly more.
 */
export const WEB_MAX_EDGE = 768;
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

/**
 * `xmp` (./xmp.ts) is embedded in the web image and the full-resolution original, the files people take away;
 * thumbnails stay small. Nothing of the input's own metadata survives: every output is made from raw pixels.
 */
export async function postprocessImage(input: Buffer, options: { xmp?: string } = {}): Promise<RenderImageSet> {
  const decoded = await decodeOnce(input);
  const { width, height } = decoded.info;
  const fromPixels = () =>
    sharp(decoded.data, { raw: { width, height, channels: decoded.info.channels } });
  const labelled = (image: Sharp) => (options.xmp ? image.withXmp(options.xmp) : image);

  const [web, full, thumb, thumb2x, thumbhash, features] = await Promise.all([
    labelled(
      fromPixels()
        .resize(WEB_MAX_EDGE, WEB_MAX_EDGE, { fit: "inside", withoutEnlargement: true })
        .webp({ quality: WEB_QUALITY, effort: WEBP_EFFORT }),
    ).toBuffer({ resolveWithObject: true }),
    labelled(fromPixels().webp({ quality: FULL_QUALITY, effort: FULL_EFFORT })).toBuffer(),
    fromPixels().resize(THUMB_SIZE, THUMB_SIZE, { fit: "cover" }).webp({ quality: THUMB_QUALITY, effort: WEBP_EFFORT }).toBuffer(),
    fromPixels().resize(THUMB_SIZE * 2, THUMB_SIZE * 2, { fit: "cover" }).webp({ quality: THUMB_QUALITY, effort: WEBP_EFFORT }).toBuffer(),
    thumbhashOf(fromPixels()),
    styleFeaturesOf(fromPixels),
  ]);

  return {
    web: web.data,
    full,
    thumb,
    thumb2x,
    width: web.info.width,
    height: web.info.height,
    fullWidth: width,
    fullHeight: height,
    thumbhash,
    blank: isAllBlack(decoded.data, decoded.info.channels),
    features,
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
