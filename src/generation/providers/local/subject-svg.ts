// Turns a subject's tagged parts into an SVG group: tone fills, outlines and the style's shading gradients.
import { mixHex } from "./colour";
import type { Look } from "./scene-canvas";
import type { SceneColours } from "./scene-colours";
import type { StyleRecipe } from "./style-recipe";
import type { Part, SubjectShape, Tone } from "./subject-model";
import { svgNumber } from "./svg-paths";

/** The group transform that puts a 200-unit subject box at (x, y) at `scale`. */
export function boxTransform(x: number, y: number, scale: number): string {
  return `translate(${svgNumber(x)} ${svgNumber(y)}) scale(${Math.round(scale * 10000) / 10000})`;
}

/** `idPrefix` keeps each drawn object's gradient ids apart, since their tones differ. */
export function renderSubject(
  parts: Part[],
  colours: SceneColours,
  recipe: StyleRecipe,
  look: Look,
  transform: string,
  scale: number,
  defs: string[],
  idPrefix: string,
  labels: SubjectShape["labels"] = [],
): string {
  const painted = look === "paint";
  const outlineWidth = recipe.outline > 0 ? recipe.outline / scale : look === "flat" ? 2.5 / scale : 0;
  const usedGradients = new Set<Tone>();
  const fillFor = (tone: Tone): string => {
    if (!painted || recipe.shading === "flat" || tone === "dark" || tone === "glow") return colours.tones[tone];
    usedGradients.add(tone);
    return `url(#${idPrefix}-${tone})`;
  };
  const body = parts
    .map((part) => {
      const extra = `${part.opacity !== undefined ? ` opacity="${part.opacity}"` : ""}${part.transform ? ` transform="${part.transform}"` : ""}`;
      if (part.line !== undefined) {
        return `<path d="${part.d}" fill="none" stroke="${colours.tones[part.tone]}" stroke-width="${part.line}" stroke-linecap="round" stroke-linejoin="round"${extra}/>`;
      }
      const stroke = outlineWidth > 0 && !part.bare ? ` stroke="${colours.ink}" stroke-width="${svgNumber(outlineWidth)}" stroke-linejoin="round"` : "";
      return `<path d="${part.d}" fill="${fillFor(part.tone)}"${stroke}${extra}/>`;
    })
    .join("");
  for (const tone of usedGradients) {
    const base = colours.tones[tone];
    if (recipe.shading === "cel") {
      // One hard terminator, as in animation cels.
      const lit = mixHex(base, "#ffffff", 0.12);
      const shadow = mixHex(base, colours.ink, 0.32);
      defs.push(
        `<linearGradient id="${idPrefix}-${tone}" x1="0.1" y1="0" x2="0.9" y2="1"><stop offset="0" stop-color="${lit}"/><stop offset="0.58" stop-color="${lit}"/><stop offset="0.58" stop-color="${shadow}"/><stop offset="1" stop-color="${shadow}"/></linearGradient>`,
      );
    } else if (recipe.shading === "clay") {
      defs.push(
        `<radialGradient id="${idPrefix}-${tone}" cx="0.35" cy="0.3" r="0.8"><stop offset="0" stop-color="${mixHex(base, "#ffffff", 0.45)}"/><stop offset="0.45" stop-color="${base}"/><stop offset="1" stop-color="${mixHex(base, colours.ink, 0.45)}"/></radialGradient>`,
      );
    } else {
      defs.push(
        `<linearGradient id="${idPrefix}-${tone}" x1="0.2" y1="0" x2="0.8" y2="1"><stop offset="0" stop-color="${mixHex(base, "#ffffff", 0.22)}"/><stop offset="1" stop-color="${mixHex(base, colours.ink, 0.3)}"/></linearGradient>`,
      );
    }
  }
  // Cards are paper with ink lettering in every style, so the word stays legible on any palette.
  const cards = labels
    .map(
      ({ x, y, text, width }) =>
        `<rect x="${svgNumber(x - width / 2)}" y="${svgNumber(y - 6)}" width="${svgNumber(width)}" height="13" rx="2" fill="${colours.tones.light}" stroke="${colours.ink}" stroke-width="0.8"/>` +
        `<text x="${svgNumber(x)}" y="${svgNumber(y + 3.6)}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="10" font-weight="bold" text-anchor="middle" fill="${colours.ink}">${escapeXml(text)}</text>`,
    )
    .join("");
  return `<g transform="${transform}">${body}${cards}</g>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
