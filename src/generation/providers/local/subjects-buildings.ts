// Subject shapes for built things: lighthouse, city block, house, castle and arch.
import type { Rng } from "./random";
import type { SubjectKind } from "./scene-model";
import type { Part, ShapeDrawer, Tone, SubjectShape } from "./subject-model";
import { circle, polygon, rect } from "./svg-paths";

function drawLighthouse(): SubjectShape {
  const towerLeft = (y: number) => 80 + ((180 - y) / 110) * 8;
  const band = (top: number, bottom: number): string =>
    polygon([[towerLeft(top), top], [200 - towerLeft(top), top], [200 - towerLeft(bottom), bottom], [towerLeft(bottom), bottom]]);
  return {
    scale: 0.6,
    parts: [
      { d: "M100 51L-80 30L-80 72Z", tone: "glow", opacity: 0.24, bare: true, afterDark: true },
      { d: "M100 51L280 30L280 72Z", tone: "glow", opacity: 0.24, bare: true, afterDark: true },
      { d: "M24 200C30 178 52 170 72 174L128 172C150 170 170 182 178 200Z", tone: "dark" },
      { d: polygon([[80, 180], [88, 70], [112, 70], [120, 180]]), tone: "light" },
      { d: band(82, 100), tone: "accent" },
      { d: band(120, 140), tone: "accent" },
      { d: band(160, 180), tone: "accent" },
      { d: rect(76, 62, 48, 9, 2), tone: "dark" },
      { d: rect(88, 40, 24, 22), tone: "glow" },
      { d: "M84 41L100 22L116 41Z", tone: "dark" },
      { d: rect(95, 160, 10, 20, 4), tone: "dark" },
    ],
  };
}

function drawCity(rng: Rng): SubjectShape {
  const parts: Part[] = [];
  const buildings = 7;
  let x = -10;
  for (let i = 0; i < buildings; i++) {
    const width = rng.range(22, 36);
    const height = i === 3 ? 170 : rng.range(70, 150);
    const top = 200 - height;
    const tone: Tone = i % 2 === 0 ? "main" : "shade";
    parts.push({ d: rect(x, top, width, height), tone });
    if (i === 3) parts.push({ d: polygon([[x + width / 2 - 2, top - 28], [x + width / 2 + 2, top - 28], [x + width / 2 + 4, top], [x + width / 2 - 4, top]]), tone: "dark" });
    else if (rng.chance(0.4)) parts.push({ d: polygon([[x, top], [x + width / 2, top - width * 0.45], [x + width, top]]), tone: "dark" });
    const windowRows = Math.floor((height - 14) / 12);
    let windows = "";
    for (let row = 0; row < windowRows; row++) {
      for (let col = 0; col < 3; col++) {
        if (rng.chance(0.62)) windows += rect(x + 4 + col * ((width - 8) / 3), top + 8 + row * 12, (width - 8) / 3 - 3, 6);
      }
    }
    if (windows) parts.push({ d: windows, tone: "glow", bare: true });
    x += width + rng.range(1, 6);
  }
  return { scale: 0.64, parts };
}

function drawHouse(): SubjectShape {
  return {
    scale: 0.54,
    parts: [
      { d: "M66 46C60 34 74 26 80 34C84 22 100 24 98 36", tone: "light", line: 6, bare: true, opacity: 0.55 },
      { d: rect(126, 52, 16, 48), tone: "shade" },
      { d: rect(42, 108, 116, 92), tone: "main" },
      { d: "M30 116L100 52L170 116Z", tone: "accent" },
      { d: "M100 52L170 116H156L100 66Z", tone: "dark", opacity: 0.25, bare: true },
      { d: "M88 200V162C88 150 112 150 112 162V200Z", tone: "dark" },
      { d: rect(56, 128, 24, 24), tone: "glow" },
      { d: rect(120, 128, 24, 24), tone: "glow" },
      { d: "M68 128V152M56 140H80M132 128V152M120 140H144", tone: "dark", line: 2.5, bare: true },
      { d: circle(107, 180, 2.5), tone: "glow", bare: true },
    ],
  };
}

function drawCastle(): SubjectShape {
  const crenels = (x: number, y: number, w: number) => {
    const teeth: string[] = [];
    const count = Math.max(2, Math.floor(w / 10));
    const step = w / count;
    for (let i = 0; i < count; i += 2) teeth.push(rect(x + i * step, y - 8, step, 8));
    return teeth.join("");
  };
  return {
    scale: 0.56,
    parts: [
      { d: rect(60, 96, 80, 104), tone: "main" },
      { d: crenels(60, 96, 80), tone: "main" },
      { d: rect(26, 80, 38, 120), tone: "shade" },
      { d: rect(136, 80, 38, 120), tone: "shade" },
      { d: "M22 82L45 30L68 82Z", tone: "accent" },
      { d: "M132 82L155 30L178 82Z", tone: "accent" },
      { d: rect(88, 50, 24, 48), tone: "main" },
      { d: "M84 52L100 16L116 52Z", tone: "accent" },
      { d: "M100 16V2", tone: "dark", line: 2, bare: true },
      { d: "M100 2L116 7L100 12Z", tone: "accent" },
      { d: "M84 200V164C84 150 116 150 116 164V200Z", tone: "dark" },
      { d: rect(42, 110, 7, 16, 3) + rect(151, 110, 7, 16, 3) + rect(96, 66, 8, 16, 3) + rect(76, 118, 7, 14, 3) + rect(117, 118, 7, 14, 3), tone: "glow", bare: true },
    ],
  };
}

function drawArch(): SubjectShape {
  return {
    scale: 0.56,
    parts: [
      { d: "M40 200V108C40 54 160 54 160 108V200H130V112C130 82 70 82 70 112V200Z", tone: "main" },
      { d: "M130 200V112C130 82 70 82 70 112V120C74 96 126 96 126 120V200Z", tone: "shade", opacity: 0.5, bare: true },
      { d: circle(100, 172, 22), tone: "accent" },
      { d: circle(92, 164, 7), tone: "light", bare: true, opacity: 0.7 },
      { d: rect(20, 196, 160, 6), tone: "dark" },
    ],
  };
}

export const BUILDING_SHAPES = { lighthouse: drawLighthouse, city: drawCity, house: drawHouse, castle: drawCastle, arch: drawArch } satisfies Partial<Record<SubjectKind, ShapeDrawer>>;
