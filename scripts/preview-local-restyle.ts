// Renders a contact sheet of offline restyles (photo, then styles × models) so image-to-image can be reviewed by eye.
import sharp, { type OverlayOptions } from "sharp";
import { LOCAL_MODELS, restylePhoto, type LocalModelKey } from "../src/generation/providers/local/index.ts";
import { SAMPLE_PHOTO_KINDS, samplePhoto, type SamplePhotoKind } from "../tests/helpers/sample-photos.ts";

const outputPath = process.argv[2];
if (!outputPath) {
  console.error("usage: bun scripts/preview-local-restyle.ts OUTPUT.png [photo path | sample kind] [style, style, ...]");
  console.error(`sample kinds: ${SAMPLE_PHOTO_KINDS.join(", ")}`);
  process.exit(1);
}
const source = process.argv[3] ?? "portrait";
const photo = (SAMPLE_PHOTO_KINDS as readonly string[]).includes(source) ? await samplePhoto(source as SamplePhotoKind) : await Bun.file(source).bytes().then(Buffer.from);
const styles = process.argv[4]?.split(",").map((style) => style.trim()).filter(Boolean) ?? [
  "oil painting",
  "watercolor",
  "pixel art",
  "neon cyberpunk",
  "ukiyo-e woodblock print",
  "pencil sketch",
  "stained glass",
];
const models = Object.keys(LOCAL_MODELS) as LocalModelKey[];
const tile = 224;
const gap = 4;

const tiles: OverlayOptions[] = [];
const timings: number[] = [];
const original = await sharp(photo).resize(tile, tile, { fit: "cover" }).png().toBuffer();
for (const row of models.keys()) tiles.push({ input: original, left: gap, top: gap + row * (tile + gap) });
for (const [column, stylePhrase] of styles.entries()) {
  for (const [row, modelKey] of models.entries()) {
    const started = performance.now();
    const png = await restylePhoto({ photo, stylePhrase, modelKey, size: 1024, strength: 0.6 });
    timings.push(performance.now() - started);
    const input = await sharp(png).resize(tile, tile).png().toBuffer();
    tiles.push({ input, left: gap + (column + 1) * (tile + gap), top: gap + row * (tile + gap) });
  }
}

await sharp({
  create: { width: gap + (styles.length + 1) * (tile + gap), height: gap + models.length * (tile + gap), channels: 3, background: "#202020" },
})
  .composite(tiles)
  .png()
  .toFile(outputPath);

const average = timings.reduce((sum, ms) => sum + ms, 0) / timings.length;
console.log(`${timings.length} restyles, mean ${average.toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms per 1024² restyle → ${outputPath}`);
console.log(`rows: ${models.join(" | ")}; columns: photo | ${styles.join(" | ")}`);
