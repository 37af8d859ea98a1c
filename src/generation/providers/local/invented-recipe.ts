// A recipe for a phrase the style table does not know, drawn entirely from the phrase's hash.
import { hslHex } from "./colour";
import type { Palette } from "./palette";
import { Rng, hashText } from "./random";
import type { TimeOfDay } from "./scene-model";
import type { Backdrop, Layout, RasterStep, Shading, StyleRecipe } from "./style-recipe";

/** Unknown phrases still get a distinct, stable look: every choice is drawn from the phrase hash. */
export function inventRecipe(phrase: string): StyleRecipe {
  const rng = new Rng(hashText(`style:${phrase}`));
  const hue = rng.range(0, 360);
  const scheme = rng.pick([30, 150, 180, 210, 120]);
  const dark = rng.chance(0.25);
  const saturation = rng.range(0.35, 0.8);
  const skyTop = dark ? hslHex(hue + 200, saturation * 0.6, 0.12) : hslHex(hue + 190, saturation * 0.7, rng.range(0.45, 0.7));
  const skyBottom = dark ? hslHex(hue + 250, saturation, 0.3) : hslHex(hue + 20, saturation * 0.8, rng.range(0.78, 0.9));
  const palette: Palette = {
    skyTop,
    skyBottom,
    sun: hslHex(hue + 40, 0.9, dark ? 0.75 : 0.68),
    far: hslHex(hue + 200, saturation * 0.4, dark ? 0.22 : 0.62),
    near: hslHex(hue + scheme, saturation * 0.7, dark ? 0.16 : 0.48),
    ground: hslHex(hue + scheme, saturation * 0.6, dark ? 0.1 : 0.35),
    main: hslHex(hue, saturation + 0.15, 0.55),
    accent: hslHex(hue + scheme + 30, saturation + 0.1, 0.5),
    ink: dark ? hslHex(hue, 0.3, 0.9) : hslHex(hue + 200, 0.4, 0.15),
    paper: dark ? hslHex(hue + 220, 0.4, 0.1) : hslHex(hue + 30, 0.35, 0.94),
  };
  const stepMenu: RasterStep[][] = [
    [{ kind: "brush", size: rng.range(0.7, 1.4), swirl: rng.range(0, 1) }, { kind: "texture", texture: "canvas", strength: 0.4 }],
    [{ kind: "posterize", levels: rng.int(3, 7) }, { kind: "texture", texture: "paper", strength: 0.6 }],
    [{ kind: "facets", cell: rng.int(48, 110), relief: rng.range(0.1, 0.25) }],
    [{ kind: "tiles", tile: rng.int(14, 26), grout: hslHex(hue, 0.1, 0.85) }],
    [{ kind: "cells", cell: rng.int(50, 90), lead: "#151515" }],
    [{ kind: "halftone", cell: rng.int(10, 18), ink: palette.ink }],
    [{ kind: "warp", amount: rng.range(4, 9) }, { kind: "texture", texture: "watercolor", strength: 0.8 }],
    [{ kind: "bloom", strength: 0.7 }, { kind: "scanlines", strength: 0.15 }],
    [{ kind: "hatch", spacing: rng.int(7, 12), wash: rng.range(0.5, 0.9) }, { kind: "texture", texture: "paper", strength: 0.7 }],
    [{ kind: "stitch", cells: rng.int(48, 72) }],
    [{ kind: "blur", sigma: 1.5 }, { kind: "texture", texture: "clay", strength: 0.7 }],
  ];
  const backdropMenu: Backdrop[] = ["clouds", "sunburst", "halftoneSky", "swirls", "halo", "cloudBands", "stars", "bauhausShapes"];
  const backdrops = [rng.pick(backdropMenu)];
  if (rng.chance(0.4)) backdrops.push(rng.pick(backdropMenu));
  const steps = [...rng.pick(stepMenu)];
  if (rng.chance(0.35)) steps.push({ kind: "vignette", strength: rng.range(0.3, 0.7) });
  return {
    palette,
    time: dark ? "night" : rng.pick<TimeOfDay | undefined>([undefined, undefined, "sunset"]),
    shading: rng.pick<Shading>(["flat", "gradient", "gradient", "clay"]),
    outline: rng.pick([0, 0, 3, 6]),
    backdrops,
    layout: rng.pick<Layout>(["landscape", "landscape", "poster", "isometric"]),
    steps,
    sketchWash: rng.range(0.2, 0.8),
  };
}
