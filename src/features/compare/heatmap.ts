// The difference heat map of two images: per-pixel colour distance mapped onto a dark-to-bright colour ramp.
import sharp from "sharp";

/**
 * The ramp's stops, an inferno-like scale: same pixels stay near black, the most different turn pale yellow.
 * The page's legend (.heat-ramp in src/ui/styles.css) repeats them.
 */
const RAMP_STOPS: readonly [position: number, r: number, g: number, b: number][] = [
  [0, 0, 0, 4],
  [0.25, 66, 10, 104],
  [0.5, 147, 38, 103],
  [0.75, 221, 81, 58],
  [0.9, 252, 165, 10],
  [1, 252, 255, 164],
];

function buildRamp(): Uint8Array {
  const ramp = new Uint8Array(256 * 3);
  for (let level = 0; level < 256; level++) {
    const at = level / 255;
    let upper = RAMP_STOPS.findIndex(([position]) => position >= at);
    if (upper <= 0) upper = 1;
    const [p0, r0, g0, b0] = RAMP_STOPS[upper - 1]!;
    const [p1, r1, g1, b1] = RAMP_STOPS[upper]!;
    const mix = (at - p0) / (p1 - p0);
    ramp[level * 3] = Math.round(r0 + (r1 - r0) * mix);
    ramp[level * 3 + 1] = Math.round(g0 + (g1 - g0) * mix);
    ramp[level * 3 + 2] = Math.round(b0 + (b1 - b0) * mix);
  }
  return ramp;
}

const RAMP = buildRamp();
// Distances are spread with a square root, so the small differences a style phrase makes are still visible.
const LEVEL_OF_DISTANCE = Uint8Array.from({ length: 442 }, (_, distance) => Math.round(255 * Math.sqrt(Math.min(1, distance / 441))));
const HEATMAP_QUALITY = 85;

/**
 * Both images are decoded at the first one's size (the second is stretched to it when they differ), and each
 * pixel's Euclidean RGB distance (0–441) picks a colour from the ramp. Answers WebP bytes.
 */
export async function differenceHeatmap(first: Uint8Array, second: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const a = await sharp(first).removeAlpha().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  const { width, height } = a.info;
  const b = await sharp(second).removeAlpha().toColourspace("srgb").resize(width, height, { fit: "fill" }).raw().toBuffer();
  const out = Buffer.alloc(width * height * 3);
  const pa = a.data;
  for (let i = 0; i < out.length; i += 3) {
    const dr = pa[i]! - b[i]!;
    const dg = pa[i + 1]! - b[i + 1]!;
    const db = pa[i + 2]! - b[i + 2]!;
    const level = LEVEL_OF_DISTANCE[Math.round(Math.sqrt(dr * dr + dg * dg + db * db))]! * 3;
    out[i] = RAMP[level]!;
    out[i + 1] = RAMP[level + 1]!;
    out[i + 2] = RAMP[level + 2]!;
  }
  // Copied into a plain ArrayBuffer, which a Response body takes as it is.
  return new Uint8Array(await sharp(out, { raw: { width, height, channels: 3 } }).webp({ quality: HEATMAP_QUALITY, effort: 2 }).toBuffer());
}
