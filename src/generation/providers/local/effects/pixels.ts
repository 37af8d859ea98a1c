// Block passes: pixel art on a limited palette with ordered dither, and cross-stitch on linen.
import { mixHex, parseHex } from "../colour";
import { blankLike, type Raster } from "../raster";
import type { StyleRecipe } from "../style-recipe";

/** 4×4 ordered-dither thresholds. */
const BAYER_4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

export function paletteForPixels(recipe: StyleRecipe): string[] {
  if (recipe.pixelPalette) return recipe.pixelPalette;
  const p = recipe.palette;
  return [
    p.skyTop, p.skyBottom, p.sun, p.far, p.near, p.ground, p.main, p.accent, p.ink, p.paper,
    mixHex(p.main, p.ink, 0.4), mixHex(p.main, "#ffffff", 0.6), mixHex(p.skyTop, p.skyBottom, 0.5), mixHex(p.near, p.ground, 0.5),
    mixHex(p.far, p.skyBottom, 0.5), mixHex(p.accent, p.ink, 0.4),
  ];
}

/** Block-average into `cells` columns, snap each block to the nearest palette colour with ordered dither. */
export function pixelate(raster: Raster, cells: number, palette: string[]): Raster {
  const { width, height, data } = raster;
  const block = width / cells;
  const colours = palette.map(parseHex);
  const out = blankLike(raster);
  const target = out.data;
  const rows = Math.ceil(height / block);
  const columns = Math.ceil(width / block);
  for (let by = 0; by < rows; by++) {
    const y0 = Math.round(by * block);
    const y1 = Math.min(height, Math.round((by + 1) * block));
    for (let bx = 0; bx < columns; bx++) {
      const x0 = Math.round(bx * block);
      const x1 = Math.min(width, Math.round((bx + 1) * block));
      let r = 0;
      let g = 0;
      let b = 0;
      let count = 0;
      if (y0 >= y1 || x0 >= x1) continue;
      for (let y = y0; y < y1; y += 2) {
        for (let x = x0; x < x1; x += 2) {
          const i = (y * width + x) * 3;
          r += data[i]!;
          g += data[i + 1]!;
          b += data[i + 2]!;
          count++;
        }
      }
      const threshold = (BAYER_4[(by & 3) * 4 + (bx & 3)]! / 16 - 0.5) * 30;
      r = r / count + threshold;
      g = g / count + threshold;
      b = b / count + threshold;
      let best = colours[0]!;
      let bestDistance = Infinity;
      for (const colour of colours) {
        const dr = colour[0] - r;
        const dg = colour[1] - g;
        const db = colour[2] - b;
        const distance = dr * dr * 0.3 + dg * dg * 0.59 + db * db * 0.11;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = colour;
        }
      }
      for (let y = y0; y < y1; y++) {
        for (let i = (y * width + x0) * 3, end = (y * width + x1) * 3; i < end; i += 3) {
          target[i] = best[0];
          target[i + 1] = best[1];
          target[i + 2] = best[2];
        }
      }
    }
  }
  return out;
}

/** Each block becomes an X of thread in the block's colour on linen. */
export function crossStitch(raster: Raster, cells: number, linen: string): Raster {
  const { width, height, data } = raster;
  const block = width / cells;
  const [lr, lg, lb] = parseHex(linen);
  const out = blankLike(raster);
  const target = out.data;
  for (let y = 0; y < height; y++) {
    const by = Math.floor(y / block);
    const v = y / block - by;
    const cy = Math.min(height - 1, Math.floor((by + 0.5) * block));
    for (let x = 0; x < width; x++) {
      const bx = Math.floor(x / block);
      const u = x / block - bx;
      const i = (y * width + x) * 3;
      const a = u - v < 0 ? v - u : u - v;
      const c = u + v - 1 < 0 ? 1 - u - v : u + v - 1;
      const onDiagonal = a < c ? a : c;
      if (onDiagonal < 0.27 && u > 0.06 && u < 0.94 && v > 0.06 && v < 0.94) {
        const si = (cy * width + Math.min(width - 1, Math.floor((bx + 0.5) * block))) * 3;
        const sheen = 1.1 - onDiagonal * 1.5;
        target[i] = data[si]! * sheen;
        target[i + 1] = data[si + 1]! * sheen;
        target[i + 2] = data[si + 2]! * sheen;
      } else {
        const weave = (x + y) % 3 === 0 ? 0.93 : 1;
        target[i] = lr * weave;
        target[i + 1] = lg * weave;
        target[i + 2] = lb * weave;
      }
    }
  }
  return out;
}

/** Dark seams between pixel blocks, like lead between glass or grout between tiles. */
export function blockSeams(raster: Raster, cells: number, seam: string): Raster {
  const { width, height, data } = raster;
  const block = width / cells;
  const thickness = Math.max(1, Math.round(block * 0.14));
  const [sr, sg, sb] = parseHex(seam);
  const out = blankLike(raster);
  const target = out.data;
  target.set(data);
  for (let y = 0; y < height; y++) {
    const onRow = y - Math.floor(Math.round(y / block) * block) ;
    const rowSeam = onRow >= 0 && onRow < thickness;
    for (let x = 0; x < width; x++) {
      const onColumn = x - Math.floor(Math.round(x / block) * block);
      if (!rowSeam && !(onColumn >= 0 && onColumn < thickness)) continue;
      const i = (y * width + x) * 3;
      target[i] = sr;
      target[i + 1] = sg;
      target[i + 2] = sb;
    }
  }
  return out;
}
