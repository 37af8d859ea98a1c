// The sea: gradient water with sun glints and wave strokes, and the water line in front of a ship or whale.
import { mixHex } from "./colour";
import { VIEWBOX, seaFill, type SceneCanvas, type SubjectPlacement } from "./scene-canvas";
import { rect, svgNumber } from "./svg-paths";

export function drawSea(canvas: SceneCanvas): void {
  const { colours, painted, horizon, sunX, rng, defs, land } = canvas;
  if (painted) {
    defs.push(`<linearGradient id="sea" gradientUnits="userSpaceOnUse" x1="0" y1="${horizon}" x2="0" y2="${VIEWBOX}"><stop offset="0" stop-color="${mixHex(colours.water, colours.skyBottom, 0.35)}"/><stop offset="1" stop-color="${mixHex(colours.water, colours.ink, 0.3)}"/></linearGradient>`);
  }
  land.push(`<rect y="${horizon}" width="${VIEWBOX}" height="${VIEWBOX - horizon}" fill="${seaFill(canvas)}"/>`);
  let glints = "";
  for (let i = 0; i < 14; i++) {
    const y = horizon + 10 + i * i * 2.6;
    const width = 30 + i * 9;
    glints += rect(sunX - width / 2 + rng.range(-20, 20), y, width, 3 + i * 0.4, 2);
  }
  land.push(`<path d="${glints}" fill="${colours.sun}" opacity="0.55"/>`);
  let waves = "";
  for (let i = 0; i < 26; i++) {
    const x = rng.range(0, VIEWBOX);
    const y = rng.range(horizon + 30, VIEWBOX);
    const w = 20 + (y - horizon) * 0.12;
    waves += `M${svgNumber(x)} ${svgNumber(y)}q${svgNumber(w / 2)} ${svgNumber(-w / 4)} ${svgNumber(w)} 0`;
  }
  land.push(`<path d="${waves}" fill="none" stroke="${mixHex(colours.water, "#ffffff", 0.45)}" stroke-width="4" stroke-linecap="round"/>`);
}

/**
 * Water in front of the hull or belly seats the subject in the sea instead of on it. `waterline` is in
 * the subject's box units.
 */
export function drawWaterInFront(canvas: SceneCanvas, { originX, originY, boxSize, scale }: SubjectPlacement, waterline: number): void {
  const { colours, front } = canvas;
  const waterY = originY + waterline * scale;
  const left = originX - 30;
  const right = originX + boxSize + 30;
  let crest = `M${svgNumber(left)} ${svgNumber(VIEWBOX)}V${svgNumber(waterY)}`;
  for (let x = left; x < right; x += 40) crest += `q10 -9 20 0t20 0`;
  front.push(`<path d="${crest}V${VIEWBOX}Z" fill="${seaFill(canvas)}"/>`);
  front.push(`<path d="M${svgNumber(left + 20)} ${svgNumber(waterY + 4)}H${svgNumber(right - 20)}" stroke="${mixHex(colours.water, "#ffffff", 0.6)}" stroke-width="5" stroke-linecap="round" stroke-dasharray="40 22"/>`);
}
