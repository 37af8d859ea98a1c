// The pen pass behind the sketch model and the hatch step: ink lines and hatching over a toned picture.
import { luminanceOf, parseHex } from "../colour";
import { NOISE_FAMILIES, displacementTable, fractalNoise, noiseField, noiseGrid } from "../noise";
import { blankLike, type Raster } from "../raster";

/**
 * Ink drawing over a toned source: Sobel edges become pen lines and darkness becomes up to three
 * layers of wobbly hatching; `wash` keeps that much of the source colour under the ink.
 * On dark paper the roles flip, so light areas get hatched in light ink. `wobble` (px) shakes the
 * hand and `paperGrain` adds paper texture inside this one pass, which is the sketch model's
 * hottest loop: separate warp and texture passes would cost two more full-image sweeps.
 */
export function drawInkOverTones(
  raster: Raster,
  opts: {
    paper: string;
    ink: string;
    wash: number;
    hatchSpacing: number;
    edgeStrength: number;
    seed: number;
    wobble?: number;
    paperGrain?: number;
    /** Read lightness in this many bands: a photo's soft gradients then get contour lines where bands meet. */
    toneBands?: number;
  },
): Raster {
  const { width, height, data } = raster;
  const k = width / 1024;
  const [pr, pg, pb] = parseHex(opts.paper);
  const [ir, ig, ib] = parseHex(opts.ink);
  const darkPaper = luminanceOf(opts.paper) < 0.45;
  const { wash, edgeStrength, seed } = opts;
  const lum = new Float32Array(width * height);
  for (let p = 0, i = 0; p < lum.length; p++, i += 3) lum[p] = (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!) / 255;
  const bands = opts.toneBands ?? 0;
  if (bands > 1) for (let p = 0; p < lum.length; p++) lum[p] = Math.round(lum[p]! * (bands - 1)) / (bands - 1);

  const wobble = fractalNoise(seed % NOISE_FAMILIES);
  const bend = new Float32Array(wobble.length);
  for (let i = 0; i < bend.length; i++) bend[i] = (wobble[i]! - 0.5) * 12 * k;
  // Pen pressure drifts slowly; mapped to 0.45..1 so no hatched area fades out completely.
  const pressureField = noiseField(32, (seed + 1) % NOISE_FAMILIES);
  const pressure = new Float32Array(pressureField.length);
  for (let i = 0; i < pressure.length; i++) pressure[i] = 0.45 + 0.55 * pressureField[i]!;
  // The hand's tremor: a whole-pixel offset per noise cell, applied to where the source is read.
  const shakeReach = (opts.wobble ?? 0) * k * 2;
  const steady = shakeReach > 0 ? undefined : new Int16Array(wobble.length);
  const shakeX = steady ?? displacementTable(wobble, shakeReach);
  const shakeY = steady ?? displacementTable(fractalNoise((seed + 2) % NOISE_FAMILIES), shakeReach);
  const grainAmount = opts.paperGrain ?? 0;
  const paperFibre = noiseField(4, (seed + 3) % NOISE_FAMILIES);
  // xorshift32 inline: per-pixel grain is the one place a method call per pixel shows in profiles.
  let grainState = (seed | 1) >>> 0;
  const toneBase = darkPaper ? 0 : 1;
  const toneSign = darkPaper ? 1 : -1;

  const { cols: cols2, rows: rows2 } = noiseGrid(width, height, 2 * k, seed);
  const { cols: cols3, rows: rows3 } = noiseGrid(width, height, 3 * k, seed);
  const { cols: fineCols, rows: fineRows } = noiseGrid(width, height, k, seed >> 4);
  const spacing = opts.hatchSpacing * k;
  const invSpacing = 1 / spacing;
  const lineReach = (k < 0.6 ? 0.6 : 1.1 * k) + 0.5;
  const out = blankLike(raster);
  const target = out.data;
  /** Ink coverage of a hatch line family at `position` along its normal. */
  const coverage = (position: number): number => {
    let t = position * invSpacing + 4096;
    t -= (t + 0.5) | 0;
    const c = lineReach - (t < 0 ? -t : t) * spacing;
    return c <= 0 ? 0 : c >= 1 ? 1 : c;
  };
  const lastX = width - 1;
  const lastY = height - 1;
  for (let y = 0; y < height; y++) {
    const bendRow = rows2[y]! << 8;
    const pressureRow = rows3[y]! << 8;
    const fibreRow = fineRows[y]! << 8;
    for (let x = 0; x < width; x++) {
      const cell = bendRow | cols2[x]!;
      let sx = x + shakeX[cell]!;
      let sy = y + shakeY[cell]!;
      sx = sx < 0 ? 0 : sx > lastX ? lastX : sx;
      sy = sy < 0 ? 0 : sy > lastY ? lastY : sy;
      const above = (sy === 0 ? 0 : sy - 1) * width;
      const here = sy * width;
      const below = (sy === lastY ? sy : sy + 1) * width;
      const xm = sx === 0 ? 0 : sx - 1;
      const xp = sx === lastX ? sx : sx + 1;
      const gx = lum[above + xp]! + 2 * lum[here + xp]! + lum[below + xp]! - lum[above + xm]! - 2 * lum[here + xm]! - lum[below + xm]!;
      const gy = lum[below + xm]! + 2 * lum[below + sx]! + lum[below + xp]! - lum[above + xm]! - 2 * lum[above + sx]! - lum[above + xp]!;
      let edge = (Math.sqrt(gx * gx + gy * gy) - 0.12) * 3.5;
      edge = edge <= 0 ? 0 : edge >= 1 ? edgeStrength : edge * edgeStrength;
      const source = here + sx;
      const tone = toneBase + toneSign * lum[source]!;
      let hatch = 0;
      if (tone > 0.3) {
        const offset = bend[cell]!;
        hatch = coverage(x + y + offset) * (tone > 0.55 ? 1 : (tone - 0.3) * 4);
        if (tone > 0.55) {
          const second = coverage(x - y + offset) * (tone > 0.8 ? 1 : (tone - 0.55) * 4);
          if (second > hatch) hatch = second;
          if (tone > 0.78) {
            const third = coverage(y + offset * 0.5) * (tone > 0.98 ? 1 : (tone - 0.78) * 5);
            if (third > hatch) hatch = third;
          }
        }
        hatch *= pressure[pressureRow | cols3[x]!]!;
      }
      const ink = edge > hatch ? edge : hatch;
      const from = source * 3;
      const to = (y * width + x) * 3;
      const baseR = pr + (data[from]! - pr) * wash;
      const baseG = pg + (data[from + 1]! - pg) * wash;
      const baseB = pb + (data[from + 2]! - pb) * wash;
      let paper = 0;
      if (grainAmount !== 0) {
        grainState ^= grainState << 13;
        grainState ^= grainState >>> 17;
        grainState ^= grainState << 5;
        paper = ((paperFibre[fibreRow | fineCols[x]!]! - 0.5) * 9 + ((grainState >>> 0) / 4294967296 - 0.5) * 8) * grainAmount;
      }
      target[to] = baseR + (ir - baseR) * ink + paper;
      target[to + 1] = baseG + (ig - baseG) * ink + paper;
      target[to + 2] = baseB + (ib - baseB) * ink + paper;
    }
  }
  return out;
}
