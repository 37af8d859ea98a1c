// Builds the scene's SVG layer by layer: sky, backdrops, land or sea, subject, frames and weather.
import { openCanvas, VIEWBOX, type Look } from "./scene-canvas";
import type { Scene } from "./scene-model";
import type { StyleRecipe } from "./style-recipe";
import { drawGraphicBackdrops } from "./svg-backdrops";
import { drawFrames } from "./svg-frames";
import { drawLand } from "./svg-land";
import { drawSkyBodies, drawSkyGradient } from "./svg-sky";
import { drawSubjectLayer } from "./svg-subject";
import { drawWeather } from "./svg-weather";

/** The whole scene, and the subject alone on a transparent ground (for passes that treat it apart). */
export function buildSceneSvg(scene: Scene, recipe: StyleRecipe, look: Look, size: number): { full: string; subjectOnly: string } {
  const canvas = openCanvas(scene, recipe, look);
  // Order matters beyond layering: the land's parts take turns on one random stream.
  drawSkyGradient(canvas);
  drawGraphicBackdrops(canvas);
  drawSkyBodies(canvas);
  drawLand(canvas);
  const { placement, subjectGroup } = drawSubjectLayer(canvas);
  drawFrames(canvas, placement);
  drawWeather(canvas);

  const { defs, back, land, front } = canvas;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${VIEWBOX} ${VIEWBOX}"><defs>${defs.join("")}</defs>`;
  return {
    full: `${open}${back.join("")}${land.join("")}${front.join("")}</svg>`,
    subjectOnly: `${open}${subjectGroup}</svg>`,
  };
}
