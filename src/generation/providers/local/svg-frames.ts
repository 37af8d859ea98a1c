// Frames a style draws over the whole picture: art nouveau arch, deco border, poster margin, blueprint sheet.
import { VIEWBOX, type SceneCanvas, type SubjectPlacement } from "./scene-canvas";
import { circle, rect, svgNumber } from "./svg-paths";

export function drawFrames(canvas: SceneCanvas, placement: SubjectPlacement): void {
  const { has, front } = canvas;
  if (has("nouveauFrame")) front.push(...nouveauFrame(canvas));
  if (has("decoFrame")) front.push(...decoFrame(canvas));
  if (has("posterBorder")) front.push(...posterBorder(canvas));
  if (has("blueprintGrid")) drawBlueprintSheet(canvas, placement);
}

/** Paper masking all but an arched window, edged in ink and gold, with vines up the sides. */
function nouveauFrame({ recipe }: SceneCanvas): string[] {
  const ink = recipe.palette.ink;
  const gold = recipe.palette.sun;
  return [
    `<path d="M0 0H${VIEWBOX}V${VIEWBOX}H0ZM110 ${VIEWBOX - 60}V330C110 160 300 70 512 70C724 70 914 160 914 330V${VIEWBOX - 60}Z" fill="${recipe.palette.paper}" fill-rule="evenodd"/>`,
    `<path d="M110 ${VIEWBOX - 60}V330C110 160 300 70 512 70C724 70 914 160 914 330V${VIEWBOX - 60}Z" fill="none" stroke="${ink}" stroke-width="10"/>`,
    `<path d="M80 ${VIEWBOX - 30}V320C80 140 290 40 512 40C734 40 944 140 944 320V${VIEWBOX - 30}Z" fill="none" stroke="${gold}" stroke-width="6"/>`,
    `<path d="M40 ${VIEWBOX - 40}C90 800 20 620 80 520C120 460 60 400 40 340M${VIEWBOX - 40} ${VIEWBOX - 40}C${VIEWBOX - 90} 800 ${VIEWBOX - 20} 620 ${VIEWBOX - 80} 520C${VIEWBOX - 120} 460 ${VIEWBOX - 60} 400 ${VIEWBOX - 40} 340" fill="none" stroke="${recipe.palette.accent}" stroke-width="8" stroke-linecap="round"/>`,
    `<path d="${circle(60, 330, 16)}${circle(VIEWBOX - 60, 330, 16)}${circle(512, 22, 12)}" fill="${gold}" stroke="${ink}" stroke-width="4"/>`,
  ];
}

/** Double rule with stepped corners and corner squares. */
function decoFrame({ recipe }: SceneCanvas): string[] {
  const gold = recipe.palette.accent;
  return [
    `<path d="M30 30H${VIEWBOX - 30}V${VIEWBOX - 30}H30Z" fill="none" stroke="${recipe.palette.main}" stroke-width="8"/>`,
    `<path d="M52 52H${VIEWBOX - 52}V${VIEWBOX - 52}H52Z" fill="none" stroke="${gold}" stroke-width="2"/>`,
    `<path d="M30 130H130V30M${VIEWBOX - 30} 130H${VIEWBOX - 130}V30M30 ${VIEWBOX - 130}H130V${VIEWBOX - 30}M${VIEWBOX - 30} ${VIEWBOX - 130}H${VIEWBOX - 130}V${VIEWBOX - 30}" fill="none" stroke="${recipe.palette.main}" stroke-width="5"/>`,
    `<path d="M74 74h36v36h-36ZM${VIEWBOX - 110} 74h36v36h-36ZM74 ${VIEWBOX - 110}h36v36h-36ZM${VIEWBOX - 110} ${VIEWBOX - 110}h36v36h-36Z" fill="${recipe.palette.main}"/>`,
  ];
}

/** A paper margin, wider at the foot, with two bars where a poster's title would go. */
function posterBorder({ recipe }: SceneCanvas): string[] {
  const paper = recipe.palette.paper;
  return [
    `<path d="M0 0H${VIEWBOX}V${VIEWBOX}H0ZM44 44V${VIEWBOX - 120}H${VIEWBOX - 44}V44Z" fill="${paper}" fill-rule="evenodd"/>`,
    `<path d="M44 44H${VIEWBOX - 44}V${VIEWBOX - 120}H44Z" fill="none" stroke="${recipe.palette.ink}" stroke-width="4"/>`,
    `<path d="${rect(VIEWBOX / 2 - 180, VIEWBOX - 88, 360, 14, 7)}${rect(VIEWBOX / 2 - 110, VIEWBOX - 62, 220, 10, 5)}" fill="${recipe.palette.main}"/>`,
  ];
}

/** A grid over everything, dimension lines along the subject's box, a drafting circle and a border. */
function drawBlueprintSheet({ recipe, defs, front }: SceneCanvas, { originX, originY, boxSize, baseY }: SubjectPlacement): void {
  defs.push(
    `<pattern id="bpgrid" width="64" height="64" patternUnits="userSpaceOnUse"><path d="M64 0H0V64" fill="none" stroke="${recipe.palette.ink}" stroke-width="1.5" opacity="0.35"/><path d="M32 0V64M0 32H64" stroke="${recipe.palette.ink}" stroke-width="0.8" opacity="0.2"/></pattern>`,
  );
  front.push(`<rect width="${VIEWBOX}" height="${VIEWBOX}" fill="url(#bpgrid)"/>`);
  const left = originX;
  const right = originX + boxSize;
  front.push(
    `<path d="M${svgNumber(left)} ${svgNumber(baseY + 50)}H${svgNumber(right)}M${svgNumber(left)} ${svgNumber(baseY + 36)}V${svgNumber(baseY + 64)}M${svgNumber(right)} ${svgNumber(baseY + 36)}V${svgNumber(baseY + 64)}M${svgNumber(right + 50)} ${svgNumber(originY)}V${svgNumber(baseY)}M${svgNumber(right + 36)} ${svgNumber(originY)}H${svgNumber(right + 64)}M${svgNumber(right + 36)} ${svgNumber(baseY)}H${svgNumber(right + 64)}" stroke="${recipe.palette.ink}" stroke-width="3"/>`,
    `<circle cx="${svgNumber(VIEWBOX - 150)}" cy="150" r="80" fill="none" stroke="${recipe.palette.ink}" stroke-width="3" stroke-dasharray="14 8"/>`,
    `<path d="M${VIEWBOX - 250} 150H${VIEWBOX - 50}M${VIEWBOX - 150} 50V250" stroke="${recipe.palette.ink}" stroke-width="1.5"/>`,
    `<path d="M40 40H${VIEWBOX - 40}V${VIEWBOX - 40}H40Z" fill="none" stroke="${recipe.palette.ink}" stroke-width="5"/>`,
  );
}
