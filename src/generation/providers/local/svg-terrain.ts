// Path generators for the land: fractal ridges, a city skyline and its windows, rows of pines.
import type { Rng } from "./random";
import { polygon, rect, svgNumber } from "./svg-paths";

export function ridgePath(rng: Rng, baseY: number, amplitude: number, width: number): string {
  const count = 33;
  const heights = new Float64Array(count);
  heights[0] = rng.range(-1, 1);
  heights[count - 1] = rng.range(-1, 1);
  const subdivide = (lo: number, hi: number, spread: number) => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >> 1;
    heights[mid] = ((heights[lo] ?? 0) + (heights[hi] ?? 0)) / 2 + rng.range(-spread, spread);
    subdivide(lo, mid, spread * 0.55);
    subdivide(mid, hi, spread * 0.55);
  };
  subdivide(0, count - 1, 1.2);
  let d = `M0 ${width}`;
  for (let i = 0; i < count; i++) d += `L${svgNumber((i / (count - 1)) * width)} ${svgNumber(baseY - (heights[i] ?? 0) * amplitude)}`;
  return `${d}L${width} ${width}Z`;
}

export function skylinePath(rng: Rng, horizon: number, width: number): string {
  let d = `M0 ${horizon + 20}`;
  let x = 0;
  while (x < width) {
    const w = rng.range(40, 90);
    const h = rng.range(60, 220);
    d += `L${svgNumber(x)} ${svgNumber(horizon - h)}L${svgNumber(x + w)} ${svgNumber(horizon - h)}`;
    x += w;
  }
  return `${d}L${width} ${horizon + 20}Z`;
}

export function skylineWindows(rng: Rng, horizon: number, width: number): string {
  let d = "";
  for (let i = 0; i < 120; i++) d += rect(rng.range(0, width), rng.range(horizon - 200, horizon - 10), 6, 9);
  return d;
}

/** A row of conifers; with `capShare` set, only the top share of each tree (its snow cap). */
export function pineRow(rng: Rng, baseY: number, width: number, minHeight: number, maxHeight: number, capShare = 1): string {
  let d = "";
  for (let x = -20; x < width + 20; x += rng.range(26, 48)) {
    const h = rng.range(minHeight, maxHeight);
    const w = h * 0.38;
    const top = baseY - h;
    const capBase = top + h * capShare;
    const capHalf = (w / 2) * capShare;
    d += polygon([[x - capHalf, capBase], [x, top], [x + capHalf, capBase]]);
  }
  return d;
}
