// Ink outlines along a picture's strong edges: what turns a flattened photo into an illustration.
import { parseHex } from "../colour";
import { blankLike, type Raster } from "../raster";

/** Darkens towards `ink` where the lightness changes sharply; `width` (px at 1024) thickens the line by sampling further out. */
export function outlineEdges(raster: Raster, ink: string, width: number): Raster {
  const { width: w, height: h, data } = raster;
  const [ir, ig, ib] = parseHex(ink);
  const reach = Math.max(1, Math.round((width * w) / 1024 / 2));
  const lum = new Float32Array(w * h);
  for (let p = 0, i = 0; p < lum.length; p++, i += 3) lum[p] = (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!) / 255;
  const out = blankLike(raster);
  const target = out.data;
  for (let y = 0; y < h; y++) {
    const up = (y < reach ? 0 : y - reach) * w;
    const down = (y + reach >= h ? h - 1 : y + reach) * w;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const left = x < reach ? 0 : x - reach;
      const right = x + reach >= w ? w - 1 : x + reach;
      const gx = lum[row + right]! - lum[row + left]!;
      const gy = lum[down + x]! - lum[up + x]!;
      let edge = ((gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy) - 0.08) * 5;
      edge = edge <= 0 ? 0 : edge >= 0.85 ? 0.85 : edge;
      const i = (row + x) * 3;
      target[i] = data[i]! + (ir - data[i]!) * edge;
      target[i + 1] = data[i + 1]! + (ig - data[i + 1]!) * edge;
      target[i + 2] = data[i + 2]! + (ib - data[i + 2]!) * edge;
    }
  }
  return out;
}
