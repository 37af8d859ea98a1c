// Tileable value noise fields, cached per process, and the lookups that map pixels onto them.
import { Rng } from "./random";

/** Lookups index rows with `<< 8`, so fields stay 256 on a side. */
const NOISE_SIZE = 256;
export const NOISE_MASK = NOISE_SIZE - 1;
/** Noise fields depend only on these few seeds, so a process computes each once. */
export const NOISE_FAMILIES = 4;
const noiseCache = new Map<string, Float32Array>();

/** Tileable smooth value noise, NOISE_SIZE² in 0..1, with lattice spacing `cell`. */
export function noiseField(cell: number, family: number): Float32Array {
  const key = `${cell}:${family}`;
  const cached = noiseCache.get(key);
  if (cached) return cached;
  const rng = new Rng(family * 7919 + cell);
  const lattice = NOISE_SIZE / cell;
  const values = new Float32Array(lattice * lattice);
  for (let i = 0; i < values.length; i++) values[i] = rng.next();
  const field = new Float32Array(NOISE_SIZE * NOISE_SIZE);
  for (let y = 0; y < NOISE_SIZE; y++) {
    const y0 = Math.floor(y / cell);
    const ty = y / cell - y0;
    const sy = ty * ty * (3 - 2 * ty);
    const row0 = (y0 % lattice) * lattice;
    const row1 = ((y0 + 1) % lattice) * lattice;
    for (let x = 0; x < NOISE_SIZE; x++) {
      const x0 = Math.floor(x / cell);
      const tx = x / cell - x0;
      const sx = tx * tx * (3 - 2 * tx);
      const x1 = (x0 + 1) % lattice;
      const a = values[row0 + x0]!;
      const b = values[row0 + x1]!;
      const c = values[row1 + x0]!;
      const d = values[row1 + x1]!;
      field[y * NOISE_SIZE + x] = a + (b - a) * sx + (c - a + (a - b + d - c) * sx) * sy;
    }
  }
  noiseCache.set(key, field);
  return field;
}

/** Four octaves of value noise, 0..1. */
export function fractalNoise(family: number): Float32Array {
  const key = `fractal:${family}`;
  const cached = noiseCache.get(key);
  if (cached) return cached;
  const octaves = [noiseField(64, family), noiseField(32, family), noiseField(16, family), noiseField(8, family)];
  const weights = [0.5, 0.27, 0.15, 0.08];
  const field = new Float32Array(NOISE_SIZE * NOISE_SIZE);
  for (let o = 0; o < octaves.length; o++) {
    const octave = octaves[o]!;
    const weight = weights[o]!;
    for (let i = 0; i < field.length; i++) field[i] = field[i]! + octave[i]! * weight;
  }
  noiseCache.set(key, field);
  return field;
}

/** For each pixel column (or row), the wrapped noise coordinate at `pixelsPerSample` zoom. */
function noiseIndex(length: number, pixelsPerSample: number, offset: number): Int32Array {
  const table = new Int32Array(length);
  for (let i = 0; i < length; i++) table[i] = (Math.floor(i / pixelsPerSample) + offset) & NOISE_MASK;
  return table;
}

/** Column and row lookups onto a noise field; `seed` picks the field offset (x from its low byte, y from the next). */
export function noiseGrid(width: number, height: number, pixelsPerSample: number, seed: number): { cols: Int32Array; rows: Int32Array } {
  return {
    cols: noiseIndex(width, pixelsPerSample, seed & 255),
    rows: noiseIndex(height, pixelsPerSample, (seed >> 8) & 255),
  };
}

/** Whole-pixel offsets in about ±reach, one per noise cell, from a 0..1 field: for warps and a shaky hand. */
export function displacementTable(field: Float32Array, reach: number): Int16Array {
  const shift = new Int16Array(field.length);
  for (let i = 0; i < field.length; i++) shift[i] = Math.round((field[i]! - 0.5) * reach * 2);
  return shift;
}
