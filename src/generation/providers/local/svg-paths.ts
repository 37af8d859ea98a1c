// SVG path data for basic shapes, coordinates rounded to one decimal.
import type { Rng } from "./random";

/** SVG coordinates to one decimal: plenty at 1024 units, and it keeps the markup small. */
export const svgNumber = (value: number) => (Math.round(value * 10) / 10).toString();

export function circle(cx: number, cy: number, r: number): string {
  return ellipse(cx, cy, r, r);
}

export function ellipse(cx: number, cy: number, rx: number, ry: number): string {
  return `M${svgNumber(cx - rx)} ${svgNumber(cy)}a${svgNumber(rx)} ${svgNumber(ry)} 0 1 0 ${svgNumber(rx * 2)} 0a${svgNumber(rx)} ${svgNumber(ry)} 0 1 0 ${svgNumber(-rx * 2)} 0Z`;
}

export function rect(x: number, y: number, w: number, h: number, r = 0): string {
  if (r <= 0) return `M${svgNumber(x)} ${svgNumber(y)}h${svgNumber(w)}v${svgNumber(h)}h${svgNumber(-w)}Z`;
  return `M${svgNumber(x + r)} ${svgNumber(y)}h${svgNumber(w - 2 * r)}a${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(r)} ${svgNumber(r)}v${svgNumber(h - 2 * r)}a${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(-r)} ${svgNumber(r)}h${svgNumber(-(w - 2 * r))}a${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(-r)} ${svgNumber(-r)}v${svgNumber(-(h - 2 * r))}a${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(r)} ${svgNumber(-r)}Z`;
}

export function polygon(points: Array<[number, number]>): string {
  return `M${points.map(([x, y]) => `${svgNumber(x)} ${svgNumber(y)}`).join("L")}Z`;
}

/** A moon's crescent, lit on the left: the outer half circle back along a narrower half ellipse. */
export function crescent(cx: number, cy: number, r: number): string {
  return `M${svgNumber(cx)} ${svgNumber(cy - r)}A${svgNumber(r)} ${svgNumber(r)} 0 1 0 ${svgNumber(cx)} ${svgNumber(cy + r)}A${svgNumber(r * 0.55)} ${svgNumber(r)} 0 0 1 ${svgNumber(cx)} ${svgNumber(cy - r)}Z`;
}

/** A retro sun: the disc cut by horizontal gaps that widen towards its base (no SVG mask, which is slow). */
export function stripedDisc(cx: number, cy: number, r: number): string {
  const bands: Array<[number, number]> = [];
  let top = cy - r;
  for (let i = 0; i < 7; i++) {
    const gapTop = cy + 10 + i * 22;
    bands.push([top, gapTop]);
    top = gapTop + 8 + i * 1.8;
  }
  if (top < cy + r) bands.push([top, cy + r]);
  const halfWidth = (y: number) => Math.sqrt(Math.max(0, r * r - (y - cy) * (y - cy)));
  return bands
    .filter(([a, b]) => b > a)
    .map(([a, b]) => {
      const wa = halfWidth(a);
      const wb = halfWidth(b);
      return `M${svgNumber(cx - wa)} ${svgNumber(a)}L${svgNumber(cx + wa)} ${svgNumber(a)}A${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(cx + wb)} ${svgNumber(b)}L${svgNumber(cx - wb)} ${svgNumber(b)}A${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(cx - wa)} ${svgNumber(a)}Z`;
    })
    .join("");
}

/** `count` dots at random in [0, maxX) × [0, maxY) with radii in [minRadius, maxRadius): stars, snow. */
export function scatterDots(rng: Rng, count: number, maxX: number, maxY: number, minRadius: number, maxRadius: number): string {
  let dots = "";
  for (let i = 0; i < count; i++) dots += circle(rng.range(0, maxX), rng.range(0, maxY), rng.range(minRadius, maxRadius));
  return dots;
}
