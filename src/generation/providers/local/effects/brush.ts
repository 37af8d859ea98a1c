// Painterly brushwork: short strokes sampled from the picture and laid along a noise flow field.
import { NOISE_FAMILIES, NOISE_MASK, fractalNoise } from "../noise";
import { Rng } from "../random";
import { copyOf, type Raster } from "../raster";

/**
 * Short strokes whose colour is sampled from the source under them and whose direction follows a
 * noise flow field; a second, finer pass lands only where the source has detail so faces and
 * edges survive the broad strokes.
 */
export function paintBrushStrokes(raster: Raster, size: number, swirl: number, seed: number): Raster {
  const { width, height, data } = raster;
  const out = copyOf(raster);
  const target = out.data;
  const rng = new Rng(seed);
  const k = width / 1024;
  const flow = fractalNoise(seed % NOISE_FAMILIES);
  const probe = Math.max(1, Math.round(4 * k));
  const bristles = new Float32Array(16);
  for (let i = 0; i < bristles.length; i++) bristles[i] = 0.92 + 0.08 * rng.next();
  const detailAt = (x: number, y: number): number => {
    const xa = x - probe < 0 ? 0 : x - probe;
    const xb = x + probe >= width ? width - 1 : x + probe;
    const ya = y - probe < 0 ? 0 : y - probe;
    const yb = y + probe >= height ? height - 1 : y + probe;
    const left = (y * width + xa) * 3;
    const right = (y * width + xb) * 3;
    const up = (ya * width + x) * 3;
    const down = (yb * width + x) * 3;
    return (
      Math.abs(data[left]! - data[right]!) + Math.abs(data[left + 1]! - data[right + 1]!) + Math.abs(data[left + 2]! - data[right + 2]!) +
      Math.abs(data[up]! - data[down]!) + Math.abs(data[up + 1]! - data[down + 1]!) + Math.abs(data[up + 2]! - data[down + 2]!)
    );
  };
  const stamp = (cx: number, cy: number, length: number, thickness: number) => {
    const angle = (flow[((Math.floor(cy / (4 * k)) & NOISE_MASK) << 8) | (Math.floor(cx / (4 * k)) & NOISE_MASK)]! - 0.5) * Math.PI * (1.5 + swirl * 5) + Math.PI / 5;
    const si = (cy * width + cx) * 3;
    // Each stroke's paint is mixed a little off: a shared shift in value plus a smaller one in hue.
    const jitter = rng.range(-8, 8);
    const r = data[si]! + jitter + rng.range(-7, 7);
    const g = data[si + 1]! + jitter + rng.range(-7, 7);
    const b = data[si + 2]! + jitter + rng.range(-7, 7);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const half = length / 2;
    const invHalf2 = 1 / (half * half);
    const invThick2 = 1 / (thickness * thickness);
    const reachX = Math.ceil(Math.abs(cos) * half + Math.abs(sin) * thickness);
    const reachY = Math.ceil(Math.abs(sin) * half + Math.abs(cos) * thickness);
    const bristleScale = 1.6 / k;
    const phase = rng.int(0, 16);
    const y0 = cy - reachY < 0 ? 0 : cy - reachY;
    const y1 = cy + reachY >= height ? height - 1 : cy + reachY;
    const x0 = cx - reachX < 0 ? 0 : cx - reachX;
    const x1 = cx + reachX >= width ? width - 1 : cx + reachX;
    for (let y = y0; y <= y1; y++) {
      const dy = y - cy;
      let u = (x0 - cx) * cos + dy * sin;
      let v = -(x0 - cx) * sin + dy * cos;
      let i = (y * width + x0) * 3;
      for (let x = x0; x <= x1; x++, u += cos, v -= sin, i += 3) {
        const e = u * u * invHalf2 + v * v * invThick2;
        if (e >= 1) continue;
        const bristle = bristles[((v * bristleScale + 64) | 0) + phase & 15]!;
        const alpha = 0.9 * (1 - e * e);
        target[i] = target[i]! + (r * bristle - target[i]!) * alpha;
        target[i + 1] = target[i + 1]! + (g * bristle - target[i + 1]!) * alpha;
        target[i + 2] = target[i + 2]! + (b * bristle - target[i + 2]!) * alpha;
      }
    }
  };
  const broad = Math.round(4200 / (size * size));
  for (let s = 0; s < broad; s++) {
    const x = rng.int(0, width);
    const y = rng.int(0, height);
    if (detailAt(x, y) > 150) continue;
    stamp(x, y, 34 * size * k, 7 * size * k);
  }
  const fine = Math.round(7000 / size);
  for (let s = 0; s < fine; s++) {
    const x = rng.int(0, width);
    const y = rng.int(0, height);
    if (detailAt(x, y) < 50) continue;
    stamp(x, y, 12 * size * k, 2.6 * size * k);
  }
  return out;
}
