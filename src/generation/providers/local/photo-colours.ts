// A photo's own colours for the style to work with: a grade towards the style's palette, and the photo's dominant colours.
import { mixHex, parseHex } from "./colour";
import type { Palette } from "./palette";
import { blankLike, type Raster } from "./raster";

const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;

/**
 * Mixes each pixel `amount` of the way towards the style's palette at that pixel's lightness (a
 * gradient map from the palette's darkest colour to its lightest), so the photo takes the style's
 * colours while its light and dark areas stay where they were.
 */
export function gradeTowardsPalette(raster: Raster, palette: Palette, amount: number): Raster {
  const stops = Object.values(palette)
    .map(parseHex)
    .sort((a, b) => luma(...a) - luma(...b));
  const low = luma(...stops[0]!);
  const high = luma(...stops[stops.length - 1]!);
  // 256 entries, indexed by the photo's lightness stretched over the palette's own range.
  const table = new Float32Array(256 * 3);
  for (let v = 0; v < 256; v++) {
    const target = low + ((high - low) * v) / 255;
    let upper = stops.findIndex((stop) => luma(...stop) >= target);
    if (upper <= 0) upper = Math.max(upper, 1);
    const a = stops[upper - 1]!;
    const b = stops[upper]!;
    const span = luma(...b) - luma(...a);
    const t = span > 0 ? Math.min(1, Math.max(0, (target - luma(...a)) / span)) : 0;
    for (let c = 0; c < 3; c++) table[v * 3 + c] = a[c]! + (b[c]! - a[c]!) * t;
  }
  const out = blankLike(raster);
  const { data } = raster;
  const target = out.data;
  for (let i = 0; i < data.length; i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const at = (luma(r, g, b) | 0) * 3;
    target[i] = r + (table[at]! - r) * amount;
    target[i + 1] = g + (table[at + 1]! - g) * amount;
    target[i + 2] = b + (table[at + 2]! - b) * amount;
  }
  return out;
}

/**
 * The photo's `count` dominant colours (k-means over a coarse sample, seeded by lightness order so it
 * is deterministic), each nudged a little towards the nearest palette colour so the pixel model's
 * limited palette is the photo's, seen through the style.
 */
export function dominantColours(raster: Raster, count: number, palette: Palette, nudge = 0.25): string[] {
  const { width, height, data } = raster;
  const stride = Math.max(1, Math.floor(Math.min(width, height) / 48));
  const samples: Array<[number, number, number]> = [];
  for (let y = 0; y < height; y += stride) {
    for (let x = 0; x < width; x += stride) {
      const i = (y * width + x) * 3;
      samples.push([data[i]!, data[i + 1]!, data[i + 2]!]);
    }
  }
  const byLightness = [...samples].sort((a, b) => luma(...a) - luma(...b));
  let centres = Array.from({ length: count }, (_, k) => [...byLightness[Math.floor(((k + 0.5) / count) * byLightness.length)]!] as [number, number, number]);
  for (let round = 0; round < 6; round++) {
    const sums = centres.map(() => [0, 0, 0, 0]);
    for (const [r, g, b] of samples) {
      let best = 0;
      let bestDistance = Infinity;
      for (let k = 0; k < centres.length; k++) {
        const c = centres[k]!;
        const d = (c[0] - r) ** 2 + (c[1] - g) ** 2 + (c[2] - b) ** 2;
        if (d < bestDistance) {
          bestDistance = d;
          best = k;
        }
      }
      const sum = sums[best]!;
      sum[0]! += r;
      sum[1]! += g;
      sum[2]! += b;
      sum[3]! += 1;
    }
    centres = centres.map((c, k) => {
      const [r, g, b, n] = sums[k]!;
      return n! > 0 ? [r! / n!, g! / n!, b! / n!] : c;
    });
  }
  const paletteColours = Object.values(palette);
  return centres.map((c) => {
    const hex = `#${c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
    const nearest = paletteColours.reduce((best, candidate) => (distance(candidate, hex) < distance(best, hex) ? candidate : best));
    return mixHex(hex, nearest, nudge);
  });
}

function distance(a: string, b: string): number {
  const [ar, ag, ab] = parseHex(a);
  const [br, bg, bb] = parseHex(b);
  return (ar - br) ** 2 + (ag - bg) ** 2 + (ab - bb) ** 2;
}

/** Every pixel becomes the nearest of `colours`: a photo turned into flat areas of its own main colours. */
export function flattenToColours(raster: Raster, colours: string[]): Raster {
  const rgb = colours.map(parseHex);
  const out = blankLike(raster);
  const { data } = raster;
  const target = out.data;
  for (let i = 0; i < data.length; i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    let best = rgb[0]!;
    let bestDistance = Infinity;
    for (const colour of rgb) {
      const dr = colour[0] - r;
      const dg = colour[1] - g;
      const db = colour[2] - b;
      const d = dr * dr * 0.3 + dg * dg * 0.59 + db * db * 0.11;
      if (d < bestDistance) {
        bestDistance = d;
        best = colour;
      }
    }
    target[i] = best[0];
    target[i + 1] = best[1];
    target[i + 2] = best[2];
  }
  return out;
}
