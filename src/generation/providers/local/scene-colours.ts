// The scene's working colours: the style's palette shifted for time of day and setting, plus subject tones.
import { luminanceOf, mixHex } from "./colour";
import type { Palette } from "./palette";
import type { Scene, Setting, TimeOfDay } from "./scene-model";
import type { Tone } from "./subject-model";

type LandscapeColour = "skyTop" | "skyBottom" | "sun" | "far" | "near" | "ground";

export interface SceneColours extends Pick<Palette, LandscapeColour> {
  water: string;
  tones: Record<Tone, string>;
  ink: string;
}

/** Each listed colour is mixed that far towards the given hex. */
type ColourShift = Partial<Record<LandscapeColour, [towards: string, amount: number]>>;

/** Night and sunset recolour a daylight palette; styles whose sky is already dark keep theirs. */
const TIME_SHIFTS: Partial<Record<TimeOfDay, ColourShift>> = {
  night: {
    skyTop: ["#0a1030", 0.78],
    skyBottom: ["#2a2f5c", 0.7],
    far: ["#1a1f3c", 0.6],
    near: ["#141a30", 0.55],
    ground: ["#0e1222", 0.55],
    sun: ["#f4f1de", 0.7],
  },
  sunset: {
    skyTop: ["#5b4b9f", 0.22],
    skyBottom: ["#ffa060", 0.38],
    far: ["#8a5a7a", 0.15],
    sun: ["#ff7b39", 0.35],
  },
};

/** Snow whitens the land, a city greys it and a desert warms it. */
const SETTING_SHIFTS: Partial<Record<Setting, ColourShift>> = {
  snow: { near: ["#eef4fb", 0.6], ground: ["#f4f8fc", 0.68] },
  city: { near: ["#6b6f78", 0.45], ground: ["#4a4d55", 0.5] },
  desert: { near: ["#e0a96d", 0.6], ground: ["#d08c4a", 0.6] },
};

function applyShift(colours: Record<LandscapeColour, string>, shift: ColourShift | undefined): void {
  for (const [key, [towards, amount]] of Object.entries(shift ?? {}) as Array<[LandscapeColour, [string, number]]>) {
    colours[key] = mixHex(colours[key], towards, amount);
  }
}

export function coloursFor(scene: Scene, palette: Palette): SceneColours {
  // Everything but the subject's and the paper's colours is landscape, which time and setting shift.
  const { main, accent, ink, paper, ...landscape } = palette;
  const styleIsDark = luminanceOf(landscape.skyTop) < 0.2;
  if (!styleIsDark) applyShift(landscape, TIME_SHIFTS[scene.time]);
  applyShift(landscape, SETTING_SHIFTS[scene.setting]);
  const { skyTop, far, sun } = landscape;
  return {
    ...landscape,
    water: mixHex(mixHex(skyTop, far, 0.5), ink, 0.15),
    ink,
    tones: {
      main,
      shade: mixHex(main, ink, 0.38),
      light: mixHex(main, "#ffffff", 0.62),
      accent,
      dark: mixHex(ink, main, 0.12),
      glow: scene.time === "night" ? mixHex(sun, "#fff2a8", 0.4) : sun,
      skin: mixHex("#f0c29b", main, 0.18),
    },
  };
}
