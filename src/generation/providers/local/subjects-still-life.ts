// Subject shapes for still lifes: a cup, and the abstract orbs a prompt with no known subject may get.
import type { SubjectKind } from "./scene-model";
import type { ShapeDrawer, SubjectShape } from "./subject-model";
import { circle, ellipse, rect } from "./svg-paths";

function drawCup(): SubjectShape {
  return {
    scale: 0.46,
    parts: [
      { d: "M84 96C74 80 94 70 86 54C80 42 90 34 96 30M112 96C102 80 122 70 114 54C108 42 118 34 124 30", tone: "light", line: 5, bare: true, opacity: 0.6 },
      { d: ellipse(100, 192, 72, 10), tone: "shade" },
      { d: "M140 128C172 124 176 168 136 166", tone: "main", line: 10 },
      { d: "M52 112H148L138 180C134 192 66 192 62 180Z", tone: "main" },
      { d: ellipse(100, 112, 48, 9), tone: "dark" },
      { d: "M56 136H144L142 148H58Z", tone: "accent" },
      { d: "M66 118L72 178", tone: "light", line: 4, bare: true, opacity: 0.6 },
    ],
  };
}

function drawOrbs(): SubjectShape {
  return {
    scale: 0.54,
    parts: [
      { d: rect(76, 120, 48, 80, 4), tone: "shade" },
      { d: circle(100, 92, 32), tone: "main" },
      { d: circle(100, 42, 20), tone: "accent" },
      { d: circle(150, 178, 22), tone: "glow" },
      { d: circle(46, 184, 16), tone: "accent" },
      { d: circle(90, 82, 10), tone: "light", bare: true, opacity: 0.7 },
    ],
  };
}

export const STILL_LIFE_SHAPES = { cup: drawCup, orbs: drawOrbs } satisfies Partial<Record<SubjectKind, ShapeDrawer>>;
