// Subject shapes for more animals people ask for: rabbit, bear, horse and butterfly.
import type { SubjectKind } from "./scene-model";
import type { ShapeDrawer, SubjectShape } from "./subject-model";
import { circle, ellipse } from "./svg-paths";

function drawRabbit(): SubjectShape {
  return {
    scale: 0.46,
    parts: [
      { d: circle(52, 168, 14), tone: "light" },
      { d: "M58 198C48 160 70 120 104 118C136 118 150 150 146 198Z", tone: "main" },
      { d: "M88 198C86 176 96 158 112 156C126 158 132 178 128 198Z", tone: "light" },
      { d: "M94 84C84 50 84 16 96 10C108 16 110 52 108 84Z", tone: "main" },
      { d: "M96 78C90 52 90 26 97 20C103 28 104 52 102 78Z", tone: "accent" },
      { d: "M114 84C114 48 124 18 138 16C146 26 136 58 126 86Z", tone: "main" },
      { d: "M118 80C120 54 128 30 136 26C138 40 130 62 124 82Z", tone: "accent" },
      { d: ellipse(110, 104, 34, 28), tone: "main" },
      { d: ellipse(118, 112, 16, 11), tone: "light" },
      { d: circle(122, 96, 5), tone: "dark" },
      { d: circle(98, 96, 5), tone: "dark" },
      { d: ellipse(120, 108, 4, 3), tone: "accent" },
      { d: "M124 112L150 106M124 114L150 118M116 112L92 106M116 114L92 118", tone: "dark", line: 1.4, bare: true, opacity: 0.7 },
      { d: ellipse(78, 196, 16, 6), tone: "main" },
      { d: ellipse(134, 196, 14, 6), tone: "main" },
    ],
  };
}

function drawBear(): SubjectShape {
  return {
    scale: 0.52,
    parts: [
      { d: "M40 198C30 150 54 104 100 100C146 104 170 150 160 198Z", tone: "main" },
      { d: "M70 198C66 164 80 136 100 134C120 136 134 164 130 198Z", tone: "light" },
      { d: circle(60, 46, 18), tone: "main" },
      { d: circle(60, 46, 9), tone: "accent" },
      { d: circle(140, 46, 18), tone: "main" },
      { d: circle(140, 46, 9), tone: "accent" },
      { d: ellipse(100, 78, 46, 40), tone: "main" },
      { d: ellipse(100, 94, 20, 15), tone: "light" },
      { d: ellipse(100, 86, 8, 5.5), tone: "dark" },
      { d: "M100 92V100M92 102Q100 108 108 102", tone: "dark", line: 2.5, bare: true },
      { d: circle(82, 70, 5), tone: "dark" },
      { d: circle(118, 70, 5), tone: "dark" },
      { d: ellipse(56, 188, 20, 11), tone: "shade" },
      { d: ellipse(144, 188, 20, 11), tone: "shade" },
    ],
  };
}

function drawHorse(): SubjectShape {
  return {
    scale: 0.56,
    parts: [
      { d: "M34 98C20 110 16 140 22 160C26 140 30 122 40 112Z", tone: "dark" },
      { d: "M50 140L46 198H58L64 146ZM72 146L74 198H86L86 146Z", tone: "shade" },
      { d: "M122 146L124 198H136L136 146ZM142 140L150 198H162L154 134Z", tone: "shade" },
      { d: "M36 112C36 92 56 84 90 86C120 88 140 84 150 76L172 104C166 132 154 150 120 152C90 154 60 154 48 146C40 140 36 128 36 112Z", tone: "main" },
      { d: "M138 92C140 66 146 44 158 30C164 22 176 20 182 26C188 34 192 48 190 58L184 62C180 58 172 58 168 62C166 76 166 92 170 106Z", tone: "main" },
      { d: "M182 26C188 34 192 48 190 58C186 62 180 62 176 58C174 48 176 34 182 26Z", tone: "light" },
      { d: "M160 28L162 14L170 24Z", tone: "main" },
      { d: "M140 88C140 64 148 40 160 28C154 50 150 72 152 96Z", tone: "dark" },
      { d: circle(172, 40, 3.5), tone: "dark" },
      { d: "M46 198h14M72 198h14M122 198h14M148 198h14", tone: "dark", line: 4, bare: true },
    ],
  };
}

function drawButterfly(): SubjectShape {
  return {
    scale: 0.5,
    floats: true,
    parts: [
      { d: "M98 96C70 40 20 30 16 64C12 96 50 110 96 104Z", tone: "main" },
      { d: "M102 96C130 40 180 30 184 64C188 96 150 110 104 104Z", tone: "main" },
      { d: "M96 108C60 110 36 136 48 158C60 176 88 150 98 118Z", tone: "accent" },
      { d: "M104 108C140 110 164 136 152 158C140 176 112 150 102 118Z", tone: "accent" },
      { d: circle(52, 64, 12), tone: "light" },
      { d: circle(148, 64, 12), tone: "light" },
      { d: circle(66, 140, 7), tone: "glow", bare: true },
      { d: circle(134, 140, 7), tone: "glow", bare: true },
      { d: ellipse(100, 110, 6, 34), tone: "dark" },
      { d: "M98 78C92 60 84 50 76 46M102 78C108 60 116 50 124 46", tone: "dark", line: 2.5, bare: true },
    ],
  };
}

export const ANIMAL_SHAPES = { rabbit: drawRabbit, bear: drawBear, horse: drawHorse, butterfly: drawButterfly } satisfies Partial<Record<SubjectKind, ShapeDrawer>>;
