// Subject shapes for machines and craft: robot, astronaut in a suit, ship, car and hot-air balloon.
import type { SubjectKind } from "./scene-model";
import type { ShapeDrawer, SubjectShape } from "./subject-model";
import { circle, ellipse, rect } from "./svg-paths";

function drawRobot(): SubjectShape {
  return {
    scale: 0.48,
    parts: [
      { d: rect(72, 164, 18, 36, 3), tone: "dark" },
      { d: rect(110, 164, 18, 36, 3), tone: "dark" },
      { d: rect(36, 106, 16, 54, 7), tone: "shade" },
      { d: rect(148, 106, 16, 54, 7), tone: "shade" },
      { d: circle(44, 166, 10), tone: "dark" },
      { d: circle(156, 166, 10), tone: "dark" },
      { d: rect(54, 100, 92, 70, 12), tone: "main" },
      { d: rect(74, 114, 52, 32, 5), tone: "light" },
      { d: circle(88, 130, 5), tone: "accent", bare: true },
      { d: circle(100, 130, 5), tone: "glow", bare: true },
      { d: circle(112, 130, 5), tone: "accent", bare: true },
      { d: rect(92, 88, 16, 14), tone: "dark" },
      { d: rect(60, 38, 80, 54, 14), tone: "main" },
      { d: rect(70, 52, 60, 26, 12), tone: "dark" },
      { d: circle(87, 65, 7), tone: "glow", bare: true },
      { d: circle(113, 65, 7), tone: "glow", bare: true },
      { d: circle(58, 65, 7), tone: "shade" },
      { d: circle(142, 65, 7), tone: "shade" },
      { d: "M100 38V18", tone: "dark", line: 3, bare: true },
      { d: circle(100, 16, 7), tone: "accent" },
    ],
  };
}

function drawAstronaut(): SubjectShape {
  return {
    scale: 0.46,
    floats: true,
    parts: [
      { d: rect(58, 92, 84, 62, 16), tone: "shade" },
      { d: rect(40, 102, 22, 58, 10), tone: "light" },
      { d: rect(138, 88, 22, 50, 10), tone: "light" },
      { d: rect(66, 96, 68, 74, 18), tone: "light" },
      { d: rect(70, 160, 24, 38, 9), tone: "light" },
      { d: rect(106, 160, 24, 38, 9), tone: "light" },
      { d: rect(84, 116, 32, 20, 4), tone: "accent" },
      { d: circle(100, 58, 40), tone: "light" },
      { d: ellipse(100, 60, 29, 24), tone: "dark" },
      { d: "M82 52C86 44 96 40 104 42C94 46 88 50 84 58Z", tone: "glow", bare: true, opacity: 0.85 },
      { d: "M150 88V40", tone: "dark", line: 2.5, bare: true },
      { d: "M150 40H184V60H150Z", tone: "accent" },
    ],
  };
}

function drawShip(): SubjectShape {
  return {
    scale: 0.5,
    parts: [
      { d: rect(97, 28, 5, 136), tone: "dark" },
      { d: "M105 34V150H166C156 108 134 62 105 34Z", tone: "light" },
      { d: "M94 46V150H40C52 112 72 74 94 46Z", tone: "light" },
      { d: "M105 34C120 60 132 96 136 150H150C146 104 128 62 105 34Z", tone: "shade", opacity: 0.35, bare: true },
      { d: "M102 28L124 21L102 14Z", tone: "accent" },
      { d: "M22 156H178L156 192H46Z", tone: "main" },
      { d: "M26 162H174L170 170H31Z", tone: "accent" },
      { d: circle(70, 178, 4), tone: "light" },
      { d: circle(100, 178, 4), tone: "light" },
      { d: circle(130, 178, 4), tone: "light" },
    ],
  };
}

function drawCar(): SubjectShape {
  return {
    scale: 0.36,
    parts: [
      { d: "M10 170L18 136C28 128 46 124 62 122L84 96C90 90 98 86 112 86H142C152 86 158 90 164 98L178 122C188 124 194 132 194 146V170Z", tone: "main" },
      { d: "M90 98L74 122H120V98Z", tone: "light" },
      { d: "M126 98V122H166L154 100Z", tone: "light" },
      { d: "M10 150H194V160H10Z", tone: "shade", opacity: 0.5, bare: true },
      { d: ellipse(186, 134, 7, 5), tone: "glow", bare: true },
      { d: circle(56, 170, 20), tone: "dark" },
      { d: circle(152, 170, 20), tone: "dark" },
      { d: circle(56, 170, 8), tone: "light" },
      { d: circle(152, 170, 8), tone: "light" },
    ],
  };
}

function drawBalloon(): SubjectShape {
  return {
    scale: 0.52,
    floats: true,
    parts: [
      { d: "M88 150L90 166M112 150L110 166", tone: "dark", line: 2, bare: true },
      { d: "M100 16C146 16 166 52 160 88C154 118 120 138 112 150H88C80 138 46 118 40 88C34 52 54 16 100 16Z", tone: "main" },
      { d: "M100 16C116 38 120 110 106 150H94C80 110 84 38 100 16Z", tone: "accent" },
      { d: "M100 16C70 24 56 60 62 96C66 118 80 136 88 150C78 130 62 100 68 64C72 42 84 24 100 16Z", tone: "light", opacity: 0.7 },
      { d: rect(86, 164, 28, 22, 3), tone: "shade" },
    ],
  };
}

export const MACHINE_SHAPES = { robot: drawRobot, astronaut: drawAstronaut, ship: drawShip, car: drawCar, balloon: drawBalloon } satisfies Partial<Record<SubjectKind, ShapeDrawer>>;
