// Packed RGB rasters: rasterising the SVG, encoding the PNG, and the buffers every raster pass works on.
import sharp, { type Sharp } from "sharp";

/**
 * The passes run in JS because librsvg's own turbulence and displacement filters cost seconds at
 * 1024², far over the per-image budget. Clamped arrays let passes write out-of-range values safely;
 * hot loops avoid Math.hypot/min/max, which are slow here.
 */
export interface Raster {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export async function rasteriseSvg(svg: string): Promise<Raster> {
  // Dropping alpha here in JS is cheaper than sharp's removeAlpha(), which costs a whole extra pipeline stage.
  const { data, info } = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
  const rgb = new Uint8ClampedArray(info.width * info.height * 3);
  for (let from = 0, to = 0; to < rgb.length; from += 4, to += 3) {
    rgb[to] = data[from]!;
    rgb[to + 1] = data[from + 1]!;
    rgb[to + 2] = data[from + 2]!;
  }
  return { data: rgb, width: info.width, height: info.height };
}

/** A sharp pipeline reading the raster's raw pixels. */
export function sharpOf(raster: Raster): Sharp {
  return sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } });
}

/** Stored (level 0) deflate: callers re-encode to WebP, and compressing noisy art costs ~40 ms. */
export function encodePng(raster: Raster): Promise<Buffer> {
  return sharpOf(raster).png({ compressionLevel: 0 }).toBuffer();
}

/** Coverage of the subject alone (0..255 per pixel), for passes that keep finer detail on it. */
export type SubjectMask = () => Promise<Uint8Array>;

export async function rasteriseAlpha(svg: string): Promise<Uint8Array> {
  const alpha = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer();
  return new Uint8Array(alpha.buffer, alpha.byteOffset, alpha.byteLength);
}

/** `fine` where the subject is, `coarse` elsewhere, blended along the subject's anti-aliased edge. */
export function composeBySubject(coarse: Raster, fine: Raster, mask: Uint8Array): Raster {
  const out = blankLike(coarse);
  const target = out.data;
  for (let p = 0, i = 0; p < mask.length; p++, i += 3) {
    const a = mask[p]! / 255;
    target[i] = coarse.data[i]! + (fine.data[i]! - coarse.data[i]!) * a;
    target[i + 1] = coarse.data[i + 1]! + (fine.data[i + 1]! - coarse.data[i + 1]!) * a;
    target[i + 2] = coarse.data[i + 2]! + (fine.data[i + 2]! - coarse.data[i + 2]!) * a;
  }
  return out;
}

export function blankLike(raster: Raster): Raster {
  return { data: new Uint8ClampedArray(raster.data.length), width: raster.width, height: raster.height };
}

export function copyOf(raster: Raster): Raster {
  return { data: new Uint8ClampedArray(raster.data), width: raster.width, height: raster.height };
}

/** The raster scaled to `width` (height in proportion); `nearest` keeps hard pixel edges when enlarging. */
export async function resizeRaster(raster: Raster, width: number, kernel: "nearest" | "lanczos3" = "lanczos3"): Promise<Raster> {
  const height = Math.round((raster.height * width) / raster.width);
  const data = await sharpOf(raster).resize(width, height, { kernel, fit: "fill" }).raw().toBuffer();
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height };
}

/** A subject mask for a raster scaled to `width`. */
export function resizedMask(mask: SubjectMask, from: { width: number; height: number }, width: number): SubjectMask {
  return async () => {
    const height = Math.round((from.height * width) / from.width);
    const data = await sharp(await mask(), { raw: { width: from.width, height: from.height, channels: 1 } }).resize(width, height, { fit: "fill" }).raw().toBuffer();
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  };
}
