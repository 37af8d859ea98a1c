// Renders a contact sheet of the offline local provider (styles × models) so its look can be reviewed by eye.
import sharp, { type OverlayOptions } from "sharp";
import { drawLocalImage, LOCAL_MODELS } from "../src/generation/providers/local/index.ts";

const outputPath = process.argv[2];
if (!outputPath) {
  console.error("usage: bun scripts/preview-local.ts OUTPUT.png [prompt] [style, style, ...]");
  process.exit(1);
}
const basePrompt = process.argv[3] ?? "a red fox sitting in a meadow";
const styles = process.argv[4]?.split(",").map((style) => style.trim()).filter(Boolean) ?? [
  "oil painting",
  "watercolor",
  "pixel art",
  "cyberpunk neon",
  "ukiyo-e woodblock print",
  "art deco poster",
  "pencil sketch",
  "stained glass",
];
const models = Object.keys(LOCAL_MODELS);
const tile = 256;
const gap = 4;

const tiles: OverlayOptions[] = [];
const timings: number[] = [];
for (const [column, stylePhrase] of styles.entries()) {
  for (const [row, modelKey] of models.entries()) {
    const started = performance.now();
    const png = await drawLocalImage({ basePrompt, stylePhrase, modelKey });
    timings.push(performance.now() - started);
    const input = await sharp(png).resize(tile, tile).png().toBuffer();
    tiles.push({ input, left: gap + column * (tile + gap), top: gap + row * (tile + gap) });
  }
}

await sharp({
  create: {
    width: gap + styles.length * (tile + gap),
    height: gap + models.length * (tile + gap),
    channels: 3,
    background: "#202020",
  },
})
  .composite(tiles)
  .png()
  .toFile(outputPath);

const average = timings.reduce((sum, ms) => sum + ms, 0) / timings.length;
console.log(`${timings.length} images, mean ${average.toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms per 1024² draw → ${outputPath}`);
console.log(`rows: ${models.join(" | ")}; columns: ${styles.join(" | ")}`);
