// Graphic backdrops a style lays behind the scene: halftone sky, sunburst, bauhaus shapes, deco fan and halo.
import { mixHex } from "./colour";
import { VIEWBOX, type SceneCanvas } from "./scene-canvas";
import { circle, polygon, svgNumber } from "./svg-paths";

export function drawGraphicBackdrops(canvas: SceneCanvas): void {
  const { has, back } = canvas;
  if (has("halftoneSky")) back.push(halftoneSky(canvas));
  if (has("sunburst")) back.push(sunburst(canvas));
  if (has("bauhausShapes")) back.push(...bauhausShapes(canvas));
  if (has("decoFan")) back.push(...decoFan(canvas));
  if (has("halo")) back.push(...halo(canvas));
}

function halftoneSky({ colours, horizon }: SceneCanvas): string {
  // Explicit dots rather than an SVG <pattern>: librsvg renders patterns an order of magnitude slower.
  let dots = "";
  const pitch = 24;
  for (let row = 0; row * pitch * 0.5 < horizon; row++) {
    const y = row * pitch * 0.5;
    const radius = 2 + (y / horizon) * 6;
    for (let x = (row % 2) * pitch * 0.5; x < VIEWBOX; x += pitch) dots += circle(x, y, radius);
  }
  return `<path d="${dots}" fill="${mixHex(colours.skyTop, "#ffffff", 0.45)}" opacity="0.9"/>`;
}

function sunburst({ colours, sunX, sunY }: SceneCanvas): string {
  const rays: string[] = [];
  const count = 18;
  for (let i = 0; i < count; i++) {
    const a0 = (i / count) * Math.PI * 2;
    const a1 = a0 + Math.PI / count;
    rays.push(polygon([[sunX, sunY], [sunX + Math.cos(a0) * 1600, sunY + Math.sin(a0) * 1600], [sunX + Math.cos(a1) * 1600, sunY + Math.sin(a1) * 1600]]));
  }
  return `<path d="${rays.join("")}" fill="${mixHex(colours.skyBottom, colours.sun, 0.35)}" opacity="0.45"/>`;
}

/** A disc, a bar, a quarter circle and a diagonal, set opposite the subject. */
function bauhausShapes({ recipe, scene, horizon }: SceneCanvas): string[] {
  const { palette } = recipe;
  return [
    `<circle cx="${svgNumber(VIEWBOX * 0.5 + (scene.offsetX > 0 ? -180 : 180))}" cy="330" r="250" fill="${palette.sun}"/>`,
    `<rect x="${scene.offsetX > 0 ? 60 : 700}" y="90" width="250" height="90" fill="${palette.far}"/>`,
    `<path d="M${VIEWBOX} ${horizon}V${horizon - 260}A260 260 0 0 0 ${VIEWBOX - 260} ${horizon}Z" fill="${palette.near}"/>`,
    `<path d="M60 ${horizon - 40}L360 ${horizon - 340}" stroke="${palette.ink}" stroke-width="22"/>`,
  ];
}

/** Rays and concentric arcs fanning up from the horizon's centre. */
function decoFan({ recipe, horizon }: SceneCanvas): string[] {
  const cx = VIEWBOX / 2;
  const rays: string[] = [];
  for (let i = 0; i <= 24; i++) {
    const a = Math.PI + (i / 24) * Math.PI;
    rays.push(`M${cx} ${horizon}L${svgNumber(cx + Math.cos(a) * 900)} ${svgNumber(horizon + Math.sin(a) * 900)}`);
  }
  const fan = [`<path d="${rays.join("")}" stroke="${recipe.palette.accent}" stroke-width="2" opacity="0.35"/>`];
  for (let r = 140; r < 520; r += 60) {
    fan.push(`<path d="M${cx - r} ${horizon}A${r} ${r} 0 0 1 ${cx + r} ${horizon}" fill="none" stroke="${recipe.palette.main}" stroke-width="${r === 140 ? 10 : 3}" opacity="0.8"/>`);
  }
  return fan;
}

/** A glowing disc with two rings behind the subject. */
function halo({ colours, scene, horizon }: SceneCanvas): string[] {
  const cx = svgNumber(VIEWBOX / 2 + scene.offsetX * VIEWBOX);
  const cy = horizon - 250;
  return [
    `<circle cx="${cx}" cy="${cy}" r="300" fill="${mixHex(colours.sun, colours.skyBottom, 0.35)}" opacity="0.85"/>`,
    `<circle cx="${cx}" cy="${cy}" r="330" fill="none" stroke="${colours.sun}" stroke-width="10" opacity="0.7"/>`,
    `<circle cx="${cx}" cy="${cy}" r="360" fill="none" stroke="${colours.sun}" stroke-width="3" opacity="0.6"/>`,
  ];
}
