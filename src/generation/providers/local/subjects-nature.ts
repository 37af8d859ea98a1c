// Subject shapes for nature: mountain, tree, flower and planet, plus the potted plant drawn beside a subject.
import type { SubjectKind } from "./scene-model";
import type { Part, ShapeDrawer, SubjectShape } from "./subject-model";
import { circle, ellipse, rect, svgNumber } from "./svg-paths";

function drawMountain(): SubjectShape {
  return {
    scale: 0.62,
    parts: [
      { d: "M-60 200L40 80L70 112L112 34L230 200Z", tone: "shade" },
      { d: "M112 34L230 200H128L140 120Z", tone: "dark", opacity: 0.35, bare: true },
      { d: "M112 34L136 74L124 70L116 84L104 66L94 72Z", tone: "light" },
      { d: "M40 80L56 100L48 98L40 108L32 96L28 94Z", tone: "light" },
    ],
  };
}

function drawTree(): SubjectShape {
  return {
    scale: 0.6,
    parts: [
      { d: "M90 200L94 128L76 108L82 104L97 118L98 92H104L104 116L120 100L126 106L108 130L112 200Z", tone: "dark" },
      { d: circle(100, 92, 32), tone: "shade" },
      { d: circle(62, 96, 32), tone: "shade" },
      { d: circle(138, 96, 32), tone: "shade" },
      { d: circle(82, 58, 34), tone: "main" },
      { d: circle(122, 60, 32), tone: "main" },
      { d: circle(102, 34, 30), tone: "main" },
      { d: circle(64, 84, 22), tone: "main" },
      { d: circle(140, 84, 22), tone: "main" },
      { d: circle(92, 30, 12), tone: "light", bare: true, opacity: 0.8 },
      { d: circle(70, 52, 10), tone: "light", bare: true, opacity: 0.8 },
      { d: circle(118, 50, 9), tone: "light", bare: true, opacity: 0.8 },
      { d: circle(76, 74, 5), tone: "accent", bare: true },
      { d: circle(128, 78, 5), tone: "accent", bare: true },
      { d: circle(106, 56, 5), tone: "accent", bare: true },
    ],
  };
}

function drawFlower(): SubjectShape {
  return {
    scale: 0.5,
    parts: [
      { d: "M97 200C95 168 101 140 98 104H104C106 140 100 170 104 200Z", tone: "shade" },
      { d: "M100 164C80 146 62 150 56 162C72 172 88 172 100 164Z", tone: "shade" },
      { d: "M101 144C118 126 138 128 144 140C128 152 112 152 101 144Z", tone: "shade" },
      ...Array.from({ length: 8 }, (_, i): Part => {
        const angle = (i / 8) * Math.PI * 2;
        const cx = 100 + Math.cos(angle) * 30;
        const cy = 76 + Math.sin(angle) * 30;
        return { d: ellipse(0, 0, 30, 15), tone: i % 2 === 0 ? "accent" : "main", transform: `translate(${svgNumber(cx)} ${svgNumber(cy)}) rotate(${svgNumber((angle * 180) / Math.PI)})` };
      }),
      { d: circle(100, 76, 20), tone: "glow" },
      { d: circle(95, 71, 6), tone: "light", bare: true, opacity: 0.7 },
    ],
  };
}

function drawPlanet(): SubjectShape {
  return {
    scale: 0.62,
    floats: true,
    parts: [
      { d: "M8 118C20 90 180 60 192 82", tone: "accent", line: 9, bare: true },
      { d: circle(100, 100, 58), tone: "main" },
      { d: "M44 88C70 96 130 92 156 80C158 86 158 90 158 94C130 106 70 110 43 102Z", tone: "shade", opacity: 0.6, bare: true },
      { d: "M48 124C76 130 126 128 150 118C146 128 140 136 134 142C110 148 80 148 62 142C56 136 52 130 48 124Z", tone: "shade", opacity: 0.5, bare: true },
      { d: "M192 82C204 104 40 150 8 118", tone: "accent", line: 9, bare: true },
      { d: circle(76, 74, 16), tone: "light", bare: true, opacity: 0.45 },
      { d: circle(176, 30, 11), tone: "light" },
    ],
  };
}

/** Drawn beside the subject when the prompt asks for a plant; shares the subject box and tones. */
export function pottedPlantParts(): Part[] {
  return [
    { d: "M100 128C92 96 70 70 40 62C62 92 78 116 96 132Z", tone: "shade" },
    { d: "M100 128C110 92 136 66 168 58C146 90 124 114 104 132Z", tone: "shade" },
    { d: "M98 130C84 100 84 60 100 26C116 60 116 100 102 130Z", tone: "main" },
    { d: "M100 130C84 110 58 104 30 112C56 124 80 132 98 134Z", tone: "main" },
    { d: "M100 130C118 110 144 104 172 110C146 124 122 132 102 134Z", tone: "main" },
    { d: "M60 130H140L130 200H70Z", tone: "accent" },
    { d: rect(54, 126, 92, 16, 4), tone: "accent" },
  ];
}

export const NATURE_SHAPES = { mountain: drawMountain, tree: drawTree, flower: drawFlower, planet: drawPlanet } satisfies Partial<Record<SubjectKind, ShapeDrawer>>;
