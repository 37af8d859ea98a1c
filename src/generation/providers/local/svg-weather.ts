// Weather and light over the finished scene: rain, snow, fog and the bars of light through blinds.
import { mixHex } from "./colour";
import { Rng } from "./random";
import { VIEWBOX, type SceneCanvas } from "./scene-canvas";
import { polygon, scatterDots, svgNumber } from "./svg-paths";

export function drawWeather(canvas: SceneCanvas): void {
  const { scene, colours, painted, has, horizon, defs, front } = canvas;
  if (scene.weather === "rain" || has("rain")) front.push(rain(canvas));
  if (scene.weather === "snow") {
    front.push(`<path d="${scatterDots(new Rng(scene.seed ^ 0x165667b1), 140, VIEWBOX, VIEWBOX, 2, 6)}" fill="#ffffff" opacity="0.85"/>`);
  }
  if (scene.weather === "fog" && painted) {
    defs.push(`<linearGradient id="fog" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ffffff" stop-opacity="0"/><stop offset="0.6" stop-color="${colours.skyBottom}" stop-opacity="0.65"/><stop offset="1" stop-color="#ffffff" stop-opacity="0.1"/></linearGradient>`);
    front.push(`<rect y="${horizon - 200}" width="${VIEWBOX}" height="400" fill="url(#fog)"/>`);
  }
  if (has("blinds")) {
    let blinds = "";
    for (let i = 0; i < 9; i++) blinds += polygon([[-200 + i * 170, 0], [-120 + i * 170, 0], [280 + i * 170, VIEWBOX], [200 + i * 170, VIEWBOX]]);
    front.push(`<path d="${blinds}" fill="#ffffff" opacity="0.13"/>`);
  }
}

function rain({ scene, colours, painted }: SceneCanvas): string {
  let streaks = "";
  const rainRng = new Rng(scene.seed ^ 0x27d4eb2f);
  for (let i = 0; i < 160; i++) {
    const x = rainRng.range(-100, VIEWBOX);
    const y = rainRng.range(-40, VIEWBOX);
    const length = rainRng.range(30, 70);
    streaks += `M${svgNumber(x)} ${svgNumber(y)}l${svgNumber(length * 0.3)} ${svgNumber(length)}`;
  }
  // Faint in the flat look: the sketch model turns every contrast edge into an ink line.
  return `<path d="${streaks}" stroke="${mixHex(colours.skyBottom, "#ffffff", 0.6)}" stroke-width="2" opacity="${painted ? 0.45 : 0.16}"/>`;
}
