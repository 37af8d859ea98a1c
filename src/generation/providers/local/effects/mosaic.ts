// Piece-by-piece passes: mosaic tesserae on grout, and stained-glass cells between lead lines.
import { parseHex } from "../colour";
import { Rng } from "../random";
import { blankLike, type Raster } from "../raster";

/** Brick-laid square tesserae, each one colour with a little hand-cut variation, on grout. */
export function mosaicTiles(raster: Raster, tile: number, grout: string, seed: number): Raster {
  const { width, height, data } = raster;
  const size = tile * (width / 1024);
  const gap = Math.max(1, size * 0.14);
  const [gr, gg, gb] = parseHex(grout);
  const out = blankLike(raster);
  const target = out.data;
  const rng = new Rng(seed);
  const shades = new Float32Array(4096);
  for (let i = 0; i < shades.length; i++) shades[i] = rng.range(0.88, 1.1);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / size);
    const offset = row % 2 === 0 ? 0 : size / 2;
    const inRow = y - row * size;
    const cy = Math.min(height - 1, Math.round(row * size + size / 2));
    for (let x = 0; x < width; x++) {
      const shifted = x + offset;
      const col = Math.floor(shifted / size);
      const inCol = shifted - col * size;
      const i = (y * width + x) * 3;
      if (inRow < gap || inCol < gap) {
        target[i] = gr;
        target[i + 1] = gg;
        target[i + 2] = gb;
        continue;
      }
      let cx = Math.round(col * size - offset + size / 2);
      if (cx < 0) cx = 0;
      else if (cx >= width) cx = width - 1;
      const si = (cy * width + cx) * 3;
      const shade = shades[(row * 131 + col * 7) & 4095]! * (1.04 - 0.1 * (inRow / size) - 0.06 * (inCol / size));
      target[i] = data[si]! * shade;
      target[i + 1] = data[si + 1]! * shade;
      target[i + 2] = data[si + 2]! * shade;
    }
  }
  return out;
}

/** Voronoi cells over a jittered grid: flat glass per cell, lead where two cells meet or the source is inked. */
export function stainedGlass(raster: Raster, cell: number, lead: string, seed: number): Raster {
  const { width, height, data } = raster;
  const size = cell * (width / 1024);
  const cols = Math.ceil(width / size);
  const rows = Math.ceil(height / size);
  const rng = new Rng(seed);
  const px = new Float32Array(cols * rows);
  const py = new Float32Array(cols * rows);
  const colour = new Float32Array(cols * rows * 3);
  for (let gy = 0; gy < rows; gy++) {
    for (let gx = 0; gx < cols; gx++) {
      const id = gy * cols + gx;
      const x = (gx + rng.range(0.15, 0.85)) * size;
      const y = (gy + rng.range(0.15, 0.85)) * size;
      px[id] = x;
      py[id] = y;
      const si = (Math.min(height - 1, Math.floor(y)) * width + Math.min(width - 1, Math.floor(x))) * 3;
      // Glass glows: push each cell's colour towards saturated and bright.
      const r = data[si]!;
      const g = data[si + 1]!;
      const b = data[si + 2]!;
      const mean = (r + g + b) / 3;
      const lift = rng.range(0.95, 1.18);
      colour[id * 3] = (mean + (r - mean) * 1.35) * lift;
      colour[id * 3 + 1] = (mean + (g - mean) * 1.35) * lift;
      colour[id * 3 + 2] = (mean + (b - mean) * 1.35) * lift;
    }
  }
  const [lr, lg, lb] = parseHex(lead);
  const leadWidth = 3.5 * (width / 1024);
  const out = blankLike(raster);
  const target = out.data;
  for (let y = 0; y < height; y++) {
    const gy = Math.floor(y / size);
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const sourceLum = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      if (sourceLum < 34) {
        target[i] = lr;
        target[i + 1] = lg;
        target[i + 2] = lb;
        continue;
      }
      const gx = Math.floor(x / size);
      let best = 0;
      let bestD = Infinity;
      let second = -1;
      let secondD = Infinity;
      for (let cy = gy - 1; cy <= gy + 1; cy++) {
        if (cy < 0 || cy >= rows) continue;
        for (let cx = gx - 1; cx <= gx + 1; cx++) {
          if (cx < 0 || cx >= cols) continue;
          const id = cy * cols + cx;
          const dx = px[id]! - x;
          const dy = py[id]! - y;
          const d = dx * dx + dy * dy;
          if (d < bestD) {
            second = best;
            secondD = bestD;
            best = id;
            bestD = d;
          } else if (d < secondD) {
            second = id;
            secondD = d;
          }
        }
      }
      let toEdge = Infinity;
      if (second >= 0 && secondD !== Infinity) {
        const sx = px[second]! - px[best]!;
        const sy = py[second]! - py[best]!;
        toEdge = (secondD - bestD) / (2 * Math.sqrt(sx * sx + sy * sy));
      }
      if (toEdge < leadWidth) {
        target[i] = lr;
        target[i + 1] = lg;
        target[i + 2] = lb;
      } else {
        const inner = (toEdge - leadWidth) / (size * 0.35);
        const glow = inner >= 1 ? 1 : 0.8 + 0.2 * inner;
        target[i] = colour[best * 3]! * glow;
        target[i + 1] = colour[best * 3 + 1]! * glow;
        target[i + 2] = colour[best * 3 + 2]! * glow;
      }
    }
  }
  return out;
}
