// The shape of a drawn subject: tagged path parts in a 200×200 box standing on y = 200.
import type { Rng } from "./random";
import type { Scene } from "./scene-model";

/** Which scene colour a part takes; the scene derives all seven from its palette. */
export type Tone = "main" | "shade" | "light" | "accent" | "dark" | "glow" | "skin";

export interface Part {
  d: string;
  tone: Tone;
  opacity?: number;
  /** Stroke-only part (whiskers, ropes, rays) with this width in box units. */
  line?: number;
  /** Parts that are light or effects rather than body get no outline. */
  bare?: boolean;
  transform?: string;
  /** Drawn only at dusk or night (a lighthouse's beams). */
  afterDark?: boolean;
}

export interface SubjectShape {
  parts: Part[];
  /** Height of the 200-unit box as a fraction of the canvas. */
  scale: number;
  floats?: boolean;
  /** Cards naming what a shape stands for, centred on x with the text's baseline near y (box units). */
  labels?: Array<{ x: number; y: number; text: string; width: number }>;
}

/** Draws one kind of subject; only the city uses `rng`, to vary its buildings, and only the still life reads the scene. */
export type ShapeDrawer = (rng: Rng, scene: Scene) => SubjectShape;
