// Foreground detail for open land (trees, grass, flowers) and for a city street (road, lamps, puddles).
import { mixHex } from "./colour";
import { Rng } from "./random";
import { VIEWBOX, type SceneCanvas } from "./scene-canvas";
import { circle, polygon, rect, svgNumber } from "./svg-paths";

/** Mid-ground bushes and foreground grass and flowers, kept clear of the subject's footprint. */
export function groundDetails({ scene, colours, horizon }: SceneCanvas): string {
  const rng = new Rng(scene.seed ^ 0x3c6ef372);
  const subjectX = VIEWBOX / 2 + scene.offsetX * VIEWBOX;
  const foliage = mixHex(colours.near, colours.ink, 0.28);
  let bushes = "";
  let trunks = "";
  const treeCount = scene.setting === "desert" ? 0 : rng.int(2, 5);
  for (let i = 0; i < treeCount; i++) {
    const x = rng.range(40, VIEWBOX - 40);
    if (Math.abs(x - subjectX) < 200) continue;
    const y = horizon + rng.range(8, 50);
    const size = 14 + (y - horizon) * 0.5;
    if (scene.setting === "snow" || scene.setting === "forest") {
      bushes += polygon([[x - size * 0.6, y], [x, y - size * 2.6], [x + size * 0.6, y]]);
    } else {
      trunks += rect(x - size * 0.1, y - size * 1.2, size * 0.2, size * 1.2);
      bushes += circle(x, y - size * 1.5, size) + circle(x - size * 0.6, y - size * 1.1, size * 0.7) + circle(x + size * 0.6, y - size * 1.1, size * 0.7);
    }
  }
  let tufts = "";
  let flowers = "";
  for (let i = 0; i < 46; i++) {
    const y = rng.range(horizon + 90, VIEWBOX - 10);
    const x = rng.range(0, VIEWBOX);
    const depth = (y - horizon) / (VIEWBOX - horizon);
    const h = 10 + depth * 22;
    tufts += `M${svgNumber(x)} ${svgNumber(y)}l${svgNumber(-h * 0.35)} ${svgNumber(-h * 0.8)}M${svgNumber(x)} ${svgNumber(y)}l0 ${svgNumber(-h)}M${svgNumber(x)} ${svgNumber(y)}l${svgNumber(h * 0.4)} ${svgNumber(-h * 0.75)}`;
    if (scene.setting === "meadow" && i % 3 === 0) flowers += circle(x + h * 0.5, y - h * 0.9, 3 + depth * 4);
  }
  const grass = mixHex(colours.ground, colours.ink, scene.setting === "snow" ? 0.25 : 0.35);
  return (
    (trunks ? `<path d="${trunks}" fill="${mixHex(colours.ink, colours.ground, 0.3)}"/>` : "") +
    (bushes ? `<path d="${bushes}" fill="${foliage}"/>` : "") +
    `<path d="${tufts}" fill="none" stroke="${grass}" stroke-width="3" stroke-linecap="round"/>` +
    (flowers ? `<path d="${flowers}" fill="${colours.tones.accent}"/>` : "")
  );
}

/** A road running to the horizon, street lamps along it and, when wet, reflections of the lights. */
export function streetDetails({ scene, colours, horizon, painted }: SceneCanvas): string {
  const rng = new Rng(scene.seed ^ 0x7f4a7c15);
  const vanishX = VIEWBOX / 2;
  const top = horizon + 12;
  const asphalt = mixHex(colours.ground, "#3b3d44", 0.55);
  let out = `<path d="${polygon([[vanishX - 40, top], [vanishX + 40, top], [VIEWBOX + 260, VIEWBOX], [-260, VIEWBOX]])}" fill="${asphalt}"/>`;
  let dashes = "";
  for (let i = 0; i < 7; i++) {
    const t0 = Math.pow(i / 7, 1.8);
    const t1 = Math.pow((i + 0.5) / 7, 1.8);
    const y0 = top + (VIEWBOX - top) * t0;
    const y1 = top + (VIEWBOX - top) * t1;
    const w0 = 2 + 14 * t0;
    const w1 = 2 + 14 * t1;
    dashes += polygon([[vanishX - w0, y0], [vanishX + w0, y0], [vanishX + w1, y1], [vanishX - w1, y1]]);
  }
  out += `<path d="${dashes}" fill="${mixHex(colours.sun, "#ffffff", 0.4)}" opacity="0.85"/>`;
  if (scene.weather === "rain") {
    let puddles = "";
    for (let i = 0; i < 16; i++) {
      const x = rng.range(0, VIEWBOX);
      const y = rng.range(top + 30, VIEWBOX);
      puddles += rect(x, y, rng.range(4, 12), rng.range(30, 120), 3);
    }
    out += `<path d="${puddles}" fill="${colours.tones.glow}" opacity="${painted ? 0.35 : 0.2}"/>`;
  }
  let poles = "";
  let lamps = "";
  for (const side of [-1, 1]) {
    for (let i = 1; i <= 3; i++) {
      const t = Math.pow(i / 3.4, 1.6);
      const y = top + (VIEWBOX - top) * t;
      const x = vanishX + side * (40 + (VIEWBOX * 0.78) * t);
      const h = 40 + 260 * t;
      poles += rect(x - 1.5 - 4 * t, y - h, 3 + 8 * t, h);
      lamps += circle(x, y - h, 6 + 14 * t);
    }
  }
  out += `<path d="${poles}" fill="${mixHex(colours.ink, asphalt, 0.2)}"/><path d="${lamps}" fill="${colours.tones.glow}"/>`;
  return out;
}
