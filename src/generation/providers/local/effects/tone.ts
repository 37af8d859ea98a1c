// Tone remapping: posterised levels, greyscale or duotone, a few printing inks, and halftone dots.
import { parseHex } from "../colour";
import { blankLike, type Raster } from "../raster";

export function posterize(raster: Raster, levels: number): Raster {
  const out = blankLike(raster);
  const step = 255 / (levels - 1);
  const table = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) table[v] = Math.round(v / step) * step;
  const { data } = raster;
  for (let i = 0; i < data.length; i++) out.data[i] = table[data[i]!]!;
  return out;
}

export function greyscale(raster: Raster, contrast: number, tint?: string): Raster {
  const out = blankLike(raster);
  const target = out.data;
  const { data } = raster;
  const [tr, tg, tb] = tint ? parseHex(tint) : [0, 0, 0];
  for (let i = 0; i < data.length; i += 3) {
    const v = (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]! - 128) * contrast + 128;
    if (tint) {
      // Duotone: shadows and highlights stay neutral, midtones take the tint.
      const t = v < 0 ? 0 : v > 255 ? 1 : v / 255;
      const mid = (1 - Math.abs(t * 2 - 1)) * 0.4;
      target[i] = v * (1 - mid) + tr * mid;
      target[i + 1] = v * (1 - mid) + tg * mid;
      target[i + 2] = v * (1 - mid) + tb * mid;
    } else {
      target[i] = v;
      target[i + 1] = v;
      target[i + 2] = v;
    }
  }
  return out;
}

/** Print with a few inks: darks take the first, strong colours and midtones the second, lights the paper. */
export function reduceToInks(raster: Raster, inks: string[]): Raster {
  const colours = inks.map(parseHex).sort((a, b) => 0.299 * a[0] + 0.587 * a[1] + 0.114 * a[2] - (0.299 * b[0] + 0.587 * b[1] + 0.114 * b[2]));
  const darkest = colours[0]!;
  const middle = colours[Math.min(1, colours.length - 1)]!;
  const lightest = colours[colours.length - 1]!;
  const out = blankLike(raster);
  const target = out.data;
  const { data } = raster;
  for (let i = 0; i < data.length; i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const lum = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    const saturation = Math.max(r, g, b) - Math.min(r, g, b);
    const chosen = lum < 0.3 ? darkest : lum < 0.62 || saturation > 110 ? middle : lightest;
    target[i] = chosen[0];
    target[i + 1] = chosen[1];
    target[i + 2] = chosen[2];
  }
  return out;
}

/** Comic-print dots: flat colour lifted towards paper, with ink dots sized by darkness. */
export function halftone(raster: Raster, cell: number, ink: string): Raster {
  const { width, height, data } = raster;
  const size = cell * (width / 1024);
  const [ir, ig, ib] = parseHex(ink);
  const out = blankLike(raster);
  const target = out.data;
  const axis = Math.SQRT1_2 / size;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + y) * axis;
      const v = (y - x) * axis;
      const du = u - Math.round(u);
      const dv = v - Math.round(v);
      const distance = Math.sqrt(du * du + dv * dv);
      const i = (y * width + x) * 3;
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      const darkness = 1 - (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      const radius = darkness > 0.25 ? Math.sqrt(darkness - 0.25) * 0.55 : 0;
      let coverage = (radius - distance) * size * 0.8;
      coverage = coverage < 0 ? 0 : coverage > 1 ? 0.7 : coverage * 0.7;
      const lr = r + (255 - r) * 0.12;
      const lg = g + (255 - g) * 0.12;
      const lb = b + (255 - b) * 0.12;
      target[i] = lr + (ir - lr) * coverage;
      target[i + 1] = lg + (ig - lg) * coverage;
      target[i + 2] = lb + (ib - lb) * coverage;
    }
  }
  return out;
}
