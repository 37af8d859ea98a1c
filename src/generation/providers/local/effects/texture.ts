// Surface passes: a noise warp that wobbles edges, and the canvas, paper, grain, watercolour and clay textures.
import { NOISE_FAMILIES, displacementTable, fractalNoise, noiseField, noiseGrid } from "../noise";
import { Rng } from "../random";
import { blankLike, type Raster } from "../raster";
import type { TextureKind } from "../style-recipe";

/** Moves every pixel by up to `amount` px (at 1024) along two smooth noise fields. */
export function warpPixels(raster: Raster, amount: number, seed: number): Raster {
  const { width, height, data } = raster;
  const out = blankLike(raster);
  const target = out.data;
  const k = width / 1024;
  const reach = amount * k * 2;
  const shiftX = displacementTable(fractalNoise(seed % NOISE_FAMILIES), reach);
  const shiftY = displacementTable(fractalNoise((seed + 1) % NOISE_FAMILIES), reach);
  const { cols, rows } = noiseGrid(width, height, 2 * k, seed);
  for (let y = 0; y < height; y++) {
    const rowBase = rows[y]! << 8;
    for (let x = 0; x < width; x++) {
      const cell = rowBase | cols[x]!;
      let sx = x + shiftX[cell]!;
      let sy = y + shiftY[cell]!;
      if (sx < 0) sx = 0;
      else if (sx >= width) sx = width - 1;
      if (sy < 0) sy = 0;
      else if (sy >= height) sy = height - 1;
      const from = (sy * width + sx) * 3;
      const to = (y * width + x) * 3;
      target[to] = data[from]!;
      target[to + 1] = data[from + 1]!;
      target[to + 2] = data[from + 2]!;
    }
  }
  return out;
}

export function applyTexture(raster: Raster, texture: TextureKind, strength: number, seed: number): Raster {
  const { width, height, data } = raster;
  const out = blankLike(raster);
  const target = out.data;
  const k = width / 1024;
  const coarse = fractalNoise(seed % NOISE_FAMILIES);
  const fine = noiseField(4, (seed + 2) % NOISE_FAMILIES);
  const grain = new Rng(seed);
  const { cols: fineCols, rows: fineRows } = noiseGrid(width, height, k, seed);
  const { cols: coarseCols, rows: coarseRows } = noiseGrid(width, height, 2 * k, seed);
  const weave = 1.9 / k;
  for (let y = 0; y < height; y++) {
    const weaveY = Math.sin(y * weave);
    const fineRow = fineRows[y]! << 8;
    const coarseRow = coarseRows[y]! << 8;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      let shift: number;
      let keep = 1;
      if (texture === "canvas") {
        shift = Math.sin(x * weave) * weaveY * 9 + (fine[fineRow | fineCols[x]!]! - 0.5) * 12;
      } else if (texture === "paper") {
        shift = (fine[fineRow | fineCols[x]!]! - 0.5) * 7 + (coarse[coarseRow | coarseCols[x]!]! - 0.5) * 7 + (grain.next() - 0.5) * 8;
      } else if (texture === "grain") {
        shift = (grain.next() + grain.next() - 1) * 26;
      } else if (texture === "watercolor") {
        // Pigment pools unevenly and the paper shows through, so darks lift and lights stay.
        keep = 1 + (coarse[coarseRow | coarseCols[x]!]! - 0.5) * 0.5 * strength;
        shift = (fine[fineRow | fineCols[x]!]! - 0.5) * 14 + 10;
      } else {
        shift = (fine[fineRow | fineCols[x]!]! - 0.5) * 12 + (coarse[coarseRow | coarseCols[x]!]! - 0.5) * 20;
      }
      shift *= strength;
      if (keep === 1) {
        target[i] = data[i]! + shift;
        target[i + 1] = data[i + 1]! + shift;
        target[i + 2] = data[i + 2]! + shift;
      } else {
        target[i] = 255 - (255 - data[i]!) * keep + shift;
        target[i + 1] = 255 - (255 - data[i + 1]!) * keep + shift;
        target[i + 2] = 255 - (255 - data[i + 2]!) * keep + shift;
      }
    }
  }
  return out;
}
