// Places the subject in the scene and draws it, grounded by an island or a shadow, with a potted plant if asked.
import { mixHex } from "./colour";
import { Rng } from "./random";
import { VIEWBOX, type SceneCanvas, type SubjectPlacement } from "./scene-canvas";
import type { SubjectShape } from "./subject-model";
import { boxTransform, renderSubject } from "./subject-svg";
import { drawSubject } from "./subjects";
import { pottedPlantParts } from "./subjects-nature";
import { svgNumber } from "./svg-paths";
import { drawWaterInFront } from "./svg-sea";

/** Draws the subject into the canvas and returns where it went and its markup alone (for the subject mask). */
export function drawSubjectLayer(canvas: SceneCanvas): { placement: SubjectPlacement; subjectGroup: string } {
  const { scene, recipe, colours, look, defs, front } = canvas;
  const shape = drawSubject(scene, new Rng(scene.seed ^ 0x85ebca6b));
  const placement = placeSubject(canvas, shape);
  const { originX, originY, scale } = placement;
  const afloat = scene.subject === "ship" || scene.subject === "whale";
  if (!shape.floats && scene.setting !== "space" && recipe.layout !== "isometric") groundSubject(canvas, placement, afloat);

  const parts = scene.time === "day" ? shape.parts.filter((part) => !part.afterDark) : shape.parts;
  let subjectGroup = renderSubject(parts, colours, recipe, look, boxTransform(originX, originY, scale), scale, defs, "subject", shape.labels);
  if (scene.pottedPlant) subjectGroup += drawPottedPlant(canvas, placement);
  front.push(subjectGroup);
  if (scene.setting === "sea" && afloat && recipe.layout !== "isometric") drawWaterInFront(canvas, placement, scene.subject === "whale" ? 128 : 178);
  return { placement, subjectGroup };
}

function placeSubject({ scene, recipe, horizon }: SceneCanvas, shape: SubjectShape): SubjectPlacement {
  const boxSize = VIEWBOX * shape.scale * (recipe.layout === "isometric" ? 0.8 : 1);
  const scale = boxSize / 200;
  const centreX = VIEWBOX / 2 + scene.offsetX * VIEWBOX;
  let baseY: number;
  if (recipe.layout === "isometric") baseY = horizon + 150;
  else if (shape.floats) baseY = VIEWBOX * 0.5 + boxSize / 2;
  else if (scene.setting === "sea") baseY = horizon + (scene.subject === "whale" ? 240 : 200);
  else if (scene.subject === "city") baseY = horizon + 64;
  else baseY = Math.min(VIEWBOX - 40, horizon + (scene.subject === "mountain" ? 30 : 180));
  return { boxSize, scale, centreX, baseY, originX: centreX - boxSize / 2, originY: baseY - boxSize };
}

/** An island under a subject standing at sea, and a soft shadow under anything that stands on the ground. */
function groundSubject({ scene, colours, land, front }: SceneCanvas, { centreX, baseY, boxSize }: SubjectPlacement, afloat: boolean): void {
  if (scene.setting === "sea" && !afloat) {
    land.push(`<path d="M${svgNumber(centreX - boxSize * 0.75)} ${svgNumber(baseY + 30)}C${svgNumber(centreX - boxSize * 0.5)} ${svgNumber(baseY - 20)} ${svgNumber(centreX + boxSize * 0.5)} ${svgNumber(baseY - 20)} ${svgNumber(centreX + boxSize * 0.75)} ${svgNumber(baseY + 30)}Z" fill="${colours.ground}"/>`);
  }
  if (scene.subject !== "mountain" && scene.subject !== "city" && !afloat) {
    front.push(contactShadow(centreX, baseY, boxSize * 0.42, boxSize * 0.05, colours.ink));
  }
}

/** A plant in a pot beside the subject, on the side towards the centre, in the land's greens. */
function drawPottedPlant({ scene, recipe, colours, look, defs, front }: SceneCanvas, { scale, centreX, baseY, boxSize }: SubjectPlacement): string {
  const plantScale = scale * 0.42;
  const towardsCentre = scene.offsetX > 0 ? -1 : 1;
  const plantX = centreX + towardsCentre * boxSize * 0.55 - 100 * plantScale;
  const plantColours = { ...colours, tones: { ...colours.tones, main: mixHex(colours.near, colours.tones.main, 0.15), shade: mixHex(colours.near, colours.ink, 0.35) } };
  const group = renderSubject(pottedPlantParts(), plantColours, recipe, look, boxTransform(plantX, baseY - 200 * plantScale, plantScale), plantScale, defs, "plant");
  front.push(contactShadow(plantX + 100 * plantScale, baseY, 70 * plantScale, 10 * plantScale, colours.ink));
  return group;
}

function contactShadow(cx: number, cy: number, rx: number, ry: number, ink: string): string {
  return `<ellipse cx="${svgNumber(cx)}" cy="${svgNumber(cy)}" rx="${svgNumber(rx)}" ry="${svgNumber(ry)}" fill="${ink}" opacity="0.25"/>`;
}
