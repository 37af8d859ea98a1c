// The land below the sky: ridges, the setting's middle ground, ground or sea, a synthwave grid, an isometric base.
import { mixHex } from "./colour";
import { Rng } from "./random";
import { VIEWBOX, type SceneCanvas } from "./scene-canvas";
import { groundDetails, streetDetails } from "./svg-ground-details";
import { polygon, scatterDots, svgNumber } from "./svg-paths";
import { drawSea } from "./svg-sea";
import { pineRow, ridgePath, skylinePath, skylineWindows } from "./svg-terrain";

export function drawLand(canvas: SceneCanvas): void {
  const { scene, recipe, has, land } = canvas;
  if (scene.setting === "space") {
    drawSpace(canvas);
  } else {
    drawMiddleGround(canvas);
    if (scene.setting === "sea") drawSea(canvas);
    else drawGround(canvas);
  }
  if (has("grid") && scene.setting !== "space") land.push(perspectiveGrid(canvas));
  if (recipe.layout === "isometric") land.push(...isometricBase(canvas));
}

/** Two ridge layers give depth before the setting's own middle ground: skyline, pines or the near ridge. */
function drawMiddleGround({ scene, recipe, colours, painted, isNight, has, horizon, rng, land }: SceneCanvas): void {
  // Both ridges are computed even where the near one is not drawn, which keeps the later draws the same in every setting.
  const farRidge = ridgePath(rng, horizon - 140, 120, VIEWBOX);
  const nearRidge = ridgePath(rng, horizon - 50, 60, VIEWBOX);
  if (painted && has("grid")) {
    land.push(`<path d="${farRidge}" fill="${colours.far}" stroke="${recipe.palette.accent}" stroke-width="3"/>`);
  } else {
    land.push(`<path d="${farRidge}" fill="${colours.far}"/>`);
  }
  if (scene.setting === "city" && scene.subject !== "city") {
    land.push(`<path d="${skylinePath(rng, horizon, VIEWBOX)}" fill="${mixHex(colours.far, colours.ink, 0.3)}"/>`);
    if (isNight) land.push(`<path d="${skylineWindows(rng, horizon, VIEWBOX)}" fill="${colours.tones.glow}" opacity="0.8"/>`);
  } else if (scene.setting === "forest") {
    land.push(`<path d="${pineRow(rng, horizon + 6, VIEWBOX, 38, 130)}" fill="${mixHex(colours.near, colours.ink, 0.25)}"/>`);
  } else if (scene.setting !== "sea") {
    land.push(`<path d="${nearRidge}" fill="${colours.near}"/>`);
  }
}

function drawGround(canvas: SceneCanvas): void {
  const { scene, recipe, colours, painted, horizon, rng, defs, land } = canvas;
  const groundTop = horizon + 10;
  if (painted) {
    defs.push(`<linearGradient id="ground" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colours.near}"/><stop offset="1" stop-color="${colours.ground}"/></linearGradient>`);
  }
  land.push(`<path d="M0 ${groundTop}Q${VIEWBOX / 2} ${groundTop - 40} ${VIEWBOX} ${groundTop}V${VIEWBOX}H0Z" fill="${painted ? "url(#ground)" : colours.ground}"/>`);
  if (recipe.layout === "landscape") {
    if (scene.woods) land.push(`<path d="${pineRow(rng, horizon + 14, VIEWBOX, 50, 150)}" fill="${mixHex(colours.near, colours.ink, 0.3)}"/>`);
    if (scene.woods && scene.setting === "snow") land.push(`<path d="${pineRow(new Rng(scene.seed), horizon + 14, VIEWBOX, 50, 150, 0.35)}" fill="${mixHex(colours.ground, "#ffffff", 0.6)}"/>`);
    land.push(scene.setting === "city" ? streetDetails(canvas) : groundDetails(canvas));
  }
  if (scene.setting === "desert") {
    land.push(`<path d="M0 ${horizon + 120}Q300 ${horizon + 40} 620 ${horizon + 140}T${VIEWBOX} ${horizon + 110}V${VIEWBOX}H0Z" fill="${mixHex(colours.ground, colours.sun, 0.2)}"/>`);
  }
}

/** No land in space: more stars and a pale planet (behind everything, so in the back layer). */
function drawSpace({ colours, rng, back }: SceneCanvas): void {
  back.push(`<path d="${scatterDots(rng, 40, VIEWBOX, VIEWBOX, 1.5, 4)}" fill="#ffffff" opacity="0.8"/>`);
  back.push(`<circle cx="${svgNumber(VIEWBOX * 0.82)}" cy="${svgNumber(VIEWBOX * 0.2)}" r="180" fill="${colours.far}" opacity="0.35"/>`);
}

/** Lines to a vanishing point on the horizon, crossed by rungs that spread towards the viewer. */
function perspectiveGrid({ recipe, horizon }: SceneCanvas): string {
  const vanishX = VIEWBOX / 2;
  let grid = "";
  for (let i = -14; i <= 14; i++) grid += `M${vanishX} ${horizon}L${svgNumber(vanishX + i * 150)} ${VIEWBOX}`;
  for (let i = 1; i < 12; i++) {
    const y = horizon + (VIEWBOX - horizon) * Math.pow(i / 11, 2.1);
    grid += `M0 ${svgNumber(y)}H${VIEWBOX}`;
  }
  return `<path d="${grid}" stroke="${recipe.palette.accent}" stroke-width="3" opacity="0.85"/>`;
}

/** A tiled diamond slab with two shaded sides, for the diorama layout. */
function isometricBase({ colours, horizon }: SceneCanvas): string[] {
  const cx = VIEWBOX / 2;
  const cy = horizon + 120;
  const rx = 330;
  const ry = 170;
  const depth = 70;
  let tiles = "";
  for (let i = 1; i < 6; i++) {
    const t = i / 6;
    tiles += `M${svgNumber(cx - rx + rx * t)} ${svgNumber(cy - ry * t)}L${svgNumber(cx + rx * t)} ${svgNumber(cy + ry - ry * t)}`;
    tiles += `M${svgNumber(cx + rx - rx * t)} ${svgNumber(cy - ry * t)}L${svgNumber(cx - rx * t)} ${svgNumber(cy + ry - ry * t)}`;
  }
  return [
    `<path d="${polygon([[cx - rx, cy], [cx, cy + ry], [cx, cy + ry + depth], [cx - rx, cy + depth]])}" fill="${mixHex(colours.ground, colours.ink, 0.35)}"/>`,
    `<path d="${polygon([[cx + rx, cy], [cx, cy + ry], [cx, cy + ry + depth], [cx + rx, cy + depth]])}" fill="${mixHex(colours.ground, colours.ink, 0.55)}"/>`,
    `<path d="${polygon([[cx - rx, cy], [cx, cy - ry], [cx + rx, cy], [cx, cy + ry]])}" fill="${colours.near}"/>`,
    `<path d="${tiles}" stroke="${mixHex(colours.near, "#ffffff", 0.3)}" stroke-width="2"/>`,
  ];
}
