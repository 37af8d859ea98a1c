// The sky: its gradient, then stars, swirls, the sun or moon and clouds over whatever backdrops the style set.
import { mixHex } from "./colour";
import { Rng } from "./random";
import { VIEWBOX, type SceneCanvas } from "./scene-canvas";
import { circle, crescent, ellipse, rect, scatterDots, stripedDisc, svgNumber } from "./svg-paths";

export function drawSkyGradient({ colours, defs, back }: SceneCanvas): void {
  defs.push(
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colours.skyTop}"/><stop offset="1" stop-color="${colours.skyBottom}"/></linearGradient>`,
  );
  back.push(`<rect width="${VIEWBOX}" height="${VIEWBOX}" fill="url(#sky)"/>`);
}

export function drawSkyBodies(canvas: SceneCanvas): void {
  const { scene, has, isNight, back } = canvas;
  if (isNight || has("stars")) {
    const stars = scatterDots(new Rng(scene.seed ^ 0x5bd1e995), 90, VIEWBOX, canvas.horizon * 0.85, 1, 3.2);
    back.push(`<path d="${stars}" fill="#fffbe6" opacity="0.85"/>`);
  }
  if (has("swirls")) back.push(swirls(canvas));
  if (scene.setting !== "space" || isNight) drawSunOrMoon(canvas);
  if (has("clouds") && !isNight && scene.setting !== "space") back.push(clouds(canvas));
  if (has("cloudBands")) back.push(cloudBands(canvas));
}

/** Van Gogh's sky: a few loose spirals. */
function swirls({ scene, colours, horizon }: SceneCanvas): string {
  const strokes: string[] = [];
  const swirlRng = new Rng(scene.seed ^ 0x2545f491);
  for (let i = 0; i < 5; i++) {
    const cx = swirlRng.range(80, VIEWBOX - 80);
    const cy = swirlRng.range(80, horizon - 160);
    let d = "";
    for (let t = 0; t <= 40; t++) {
      const a = t * 0.38;
      const r = 8 + t * 2.6;
      d += `${t === 0 ? "M" : "L"}${svgNumber(cx + Math.cos(a) * r)} ${svgNumber(cy + Math.sin(a) * r * 0.7)}`;
    }
    strokes.push(d);
  }
  return `<path d="${strokes.join("")}" fill="none" stroke="${mixHex(colours.skyTop, "#ffffff", 0.5)}" stroke-width="14" stroke-linecap="round" opacity="0.55"/>`;
}

function drawSunOrMoon({ recipe, colours, painted, isNight, has, sunX, sunY, sunR, defs, back }: SceneCanvas): void {
  if (has("stripedSun")) {
    defs.push(
      `<linearGradient id="sunfill" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colours.sun}"/><stop offset="1" stop-color="${recipe.palette.main}"/></linearGradient>`,
    );
    back.push(`<path d="${stripedDisc(sunX, sunY, sunR)}" fill="url(#sunfill)"/>`);
    return;
  }
  if (painted) {
    defs.push(
      `<radialGradient id="sunglow"><stop offset="0" stop-color="${colours.sun}" stop-opacity="0.75"/><stop offset="1" stop-color="${colours.sun}" stop-opacity="0"/></radialGradient>`,
    );
    back.push(`<circle cx="${svgNumber(sunX)}" cy="${svgNumber(sunY)}" r="${sunR * 3.2}" fill="url(#sunglow)"/>`);
  }
  const disc = isNight ? crescent(sunX, sunY, sunR) : circle(sunX, sunY, sunR);
  back.push(`<path d="${disc}" fill="${colours.sun}"/>`);
}

/** Three puffy clouds: a flat ellipse base under three round tops. */
function clouds({ scene, colours, painted, horizon }: SceneCanvas): string {
  const cloudRng = new Rng(scene.seed ^ 0x68e31da4);
  let puffs = "";
  for (let i = 0; i < 3; i++) {
    const cx = cloudRng.range(60, VIEWBOX - 60);
    const cy = cloudRng.range(90, horizon * 0.55);
    const width = cloudRng.range(140, 240);
    puffs += ellipse(cx, cy, width / 2, width * 0.12);
    for (let j = 0; j < 3; j++) puffs += circle(cx - width * 0.25 + j * width * 0.25, cy - width * 0.08 - (j === 1 ? width * 0.06 : 0), width * (j === 1 ? 0.18 : 0.13));
  }
  return `<path d="${puffs}" fill="${mixHex(colours.skyBottom, "#ffffff", 0.7)}" opacity="${painted ? 0.85 : 1}"/>`;
}

/** Woodblock-print clouds: long outlined bars across the sky. */
function cloudBands({ scene, recipe, horizon }: SceneCanvas): string {
  const bandRng = new Rng(scene.seed ^ 0x1b873593);
  let bands = "";
  for (let i = 0; i < 4; i++) {
    const y = bandRng.range(70, horizon - 140);
    const x = bandRng.range(-100, VIEWBOX - 300);
    bands += rect(x, y, bandRng.range(260, 520), 26, 13);
  }
  return `<path d="${bands}" fill="${mixHex(recipe.palette.skyBottom, "#ffffff", 0.4)}" stroke="${recipe.palette.ink}" stroke-width="2" opacity="0.95"/>`;
}
