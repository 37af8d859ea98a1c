// One scene's SVG while it is drawn: its layers, geometry and colours, and the random stream its land draws from.
import { Rng } from "./random";
import { coloursFor, type SceneColours } from "./scene-colours";
import type { Scene } from "./scene-model";
import type { Backdrop, StyleRecipe } from "./style-recipe";

/** Side of the SVG's viewBox; every drawing is laid out in these units and the output size only scales it. */
export const VIEWBOX = 1024;

/** 'flat' drops gradients and glows so the sketch and pixel models get clean tone boundaries to work from. */
export type Look = "paint" | "flat";

export interface SceneCanvas {
  scene: Scene;
  recipe: StyleRecipe;
  colours: SceneColours;
  look: Look;
  painted: boolean;
  isNight: boolean;
  horizon: number;
  sunX: number;
  sunY: number;
  sunR: number;
  /** The scene's own stream: ridges, skyline, woods, sea and space stars draw from it in a fixed order. */
  rng: Rng;
  has: (backdrop: Backdrop) => boolean;
  /** Gradient and pattern definitions, then three layers each drawn over the one before. */
  defs: string[];
  back: string[];
  land: string[];
  front: string[];
}

/** Where the subject's 200-unit box sits on the canvas. */
export interface SubjectPlacement {
  boxSize: number;
  scale: number;
  centreX: number;
  baseY: number;
  originX: number;
  originY: number;
}

export function openCanvas(scene: Scene, recipe: StyleRecipe, look: Look): SceneCanvas {
  const has = (backdrop: Backdrop) => recipe.backdrops.includes(backdrop);
  const isNight = scene.time === "night";
  return {
    scene,
    recipe,
    colours: coloursFor(scene, recipe.palette),
    look,
    painted: look === "paint",
    isNight,
    horizon: Math.round(VIEWBOX * (recipe.layout === "poster" ? 0.7 : scene.horizon)),
    sunX: VIEWBOX * scene.sunX,
    sunY: VIEWBOX * scene.sunY,
    sunR: has("stripedSun") ? 150 : isNight ? 52 : 70,
    rng: new Rng(scene.seed),
    has,
    defs: [],
    back: [],
    land: [],
    front: [],
  };
}

/** The sea's fill: its gradient when painted (defined by the land), flat water otherwise. */
export function seaFill(canvas: SceneCanvas): string {
  return canvas.painted ? "url(#sea)" : canvas.colours.water;
}
