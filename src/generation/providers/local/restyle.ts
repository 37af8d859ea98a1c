// Offline image-to-image: the uploaded photo itself, graded towards the style's palette, then the style's and the model's passes.
import sharp from "sharp";
import { outlineEdges } from "./effects/outline";
import { paletteForPixels } from "./effects/pixels";
import { applyModelPasses, type LocalModelKey } from "./model-passes";
import { dominantColours, flattenToColours, gradeTowardsPalette } from "./photo-colours";
import { Rng, hashText } from "./random";
import { encodePng, type Raster } from "./raster";
import { recipeForPhrase } from "./recipe-for-phrase";

export interface RestyleInput {
  /** The photo's path or its bytes; any format sharp reads. */
  photo: string | Buffer;
  stylePhrase: string;
  modelKey: LocalModelKey;
  /** Side of the square result in px. */
  size: number;
  /** 0 keeps the photo's colours, 1 takes the style's palette fully; the passes run at any strength. */
  strength: number;
  /** Seeds the passes along with the style and model, so one request always gives the same bytes. */
  seedText?: string;
}

export async function restylePhoto(input: RestyleInput): Promise<Buffer> {
  const { size, modelKey } = input;
  const recipe = recipeForPhrase(input.stylePhrase);
  // Outlined styles (woodblock, comic, anime, neon) draw the paint model's photo as flat colour areas edged in ink.
  const illustrated = modelKey === "local:paint" && recipe.outline > 0;
  // The pen would trace a photo's grain and JPEG blocks; the sketch model reads a smoothed photo.
  let photo = await readPhoto(input.photo, size, modelKey === "local:sketch" ? 1.6 * (size / 1024) : 0, illustrated ? Math.max(3, Math.round(size / 150)) : 0);
  if (illustrated) photo = outlineEdges(flattenToColours(photo, dominantColours(photo, 9, recipe.palette, 0.15)), recipe.palette.ink, recipe.outline * 1.5);
  const strength = Math.min(1, Math.max(0, input.strength));
  // Never all the way to the palette: the photo's colours must stay recognisable at any strength.
  const graded = gradeTowardsPalette(photo, recipe.palette, 0.1 + 0.35 * strength);
  // The pixel model draws with the photo's own dominant colours beside the style's.
  recipe.pixelPalette = [...dominantColours(graded, 10, recipe.palette), ...paletteForPixels(recipe)];
  const rng = new Rng(hashText(`restyle\u0000${input.seedText ?? ""}\u0000${input.stylePhrase}\u0000${modelKey}`));
  const raster = await applyModelPasses(graded, modelKey, recipe, rng, async () => centreMask(size), {
    sketchWash: Math.max(recipe.sketchWash, 0.8),
    toneBands: 6,
  });
  return encodePng(raster);
}

/** `median` (px, odd or not) evens out texture inside areas while keeping their edges, for flat-colour styles. */
async function readPhoto(photo: string | Buffer, size: number, smoothing: number, median: number): Promise<Raster> {
  let pipeline = sharp(photo).rotate().resize(size, size, { fit: "cover" }).flatten({ background: "#ffffff" }).removeAlpha();
  if (smoothing >= 0.3) pipeline = pipeline.blur(smoothing);
  if (median > 1) pipeline = pipeline.median(median | 1);
  const { data, info } = await pipeline
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** A photo has no drawn subject to find, so passes that cut finer on the subject favour the middle, where one usually is. */
function centreMask(size: number): Uint8Array {
  const mask = new Uint8Array(size * size);
  const centre = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x - centre) / (size * 0.3);
      const dy = (y - centre) / (size * 0.38);
      const d = dx * dx + dy * dy;
      mask[y * size + x] = d < 0.8 ? 255 : d < 1.2 ? Math.round((1.2 - d) * 637) : 0;
    }
  }
  return mask;
}
