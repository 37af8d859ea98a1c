// A render's style fingerprint, cheap enough for every render: colour in Lab, edges and their directions, texture
// at three scales (from a 96 px copy), and a 64-bit difference hash of its layout. No model, no download.
import type { Sharp } from "sharp";

/** The analysis copy's edge: style lives in global statistics, which survive this much shrinking. */
const EDGE = 96;
const HASH_COLUMNS = 9;
const HASH_ROWS = 8;

/** The vector's layout: each group sums to a comparable weight when features are compared (style-measure.ts). */
export const FEATURE_GROUPS = {
  colour: 9,
  lightness: 6,
  hue: 6,
  edges: 6,
  texture: 4,
} as const;
export const FEATURE_LENGTH = Object.values(FEATURE_GROUPS).reduce((sum, size) => sum + size, 0);

export interface StyleFeatures {
  /** FEATURE_LENGTH numbers, each roughly within 0–1. */
  vector: number[];
  /** 16 hex digits: a difference hash of the grey layout (what is where, not how it is painted). */
  layoutHash: string;
}

/** Gradient magnitude (in L units per pixel) above which a pixel counts as an edge. */
const EDGE_THRESHOLD = 12;
/** Chroma above which a pixel counts as coloured rather than grey. */
const COLOURED_CHROMA = 15;

/** `image` makes a fresh pipeline over the same picture each call (sharp's clone() waits on a stream input). */
export async function styleFeaturesOf(image: () => Sharp): Promise<StyleFeatures> {
  const [analysis, hashPixels] = await Promise.all([
    image().resize(EDGE, EDGE, { fit: "cover" }).removeAlpha().raw().toBuffer(),
    image().resize(HASH_COLUMNS, HASH_ROWS, { fit: "fill" }).removeAlpha().greyscale().raw().toBuffer(),
  ]);
  return { vector: featureVector(analysis, EDGE, EDGE), layoutHash: differenceHash(hashPixels) };
}

/** The features of an RGB (3 channels) raster; exported so tests can feed it pixels they made. */
export function featureVector(rgb: Uint8Array, width: number, height: number): number[] {
  const count = width * height;
  const lightness = new Float32Array(count);
  const aAxis = new Float32Array(count);
  const bAxis = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const [l, a, b] = srgbToLab(rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!);
    lightness[i] = l;
    aAxis[i] = a;
    bAxis[i] = b;
  }
  return [...colourStats(lightness, aAxis, bAxis), ...lightnessHistogram(lightness), ...hueHistogram(aAxis, bAxis), ...edgeStats(lightness, width, height), ...textureStats(lightness, width, height)];
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function deviation(values: Float32Array, average: number): number {
  let sum = 0;
  for (const value of values) sum += (value - average) ** 2;
  return Math.sqrt(sum / values.length);
}

function colourStats(lightness: Float32Array, aAxis: Float32Array, bAxis: Float32Array): number[] {
  const [l, a, b] = [mean(lightness), mean(aAxis), mean(bAxis)];
  let chroma = 0;
  let coloured = 0;
  for (let i = 0; i < aAxis.length; i++) {
    const c = Math.hypot(aAxis[i]!, bAxis[i]!);
    chroma += c;
    if (c > COLOURED_CHROMA) coloured++;
  }
  return [
    l / 100,
    a / 100 + 0.5,
    b / 100 + 0.5,
    deviation(lightness, l) / 50,
    deviation(aAxis, a) / 50,
    deviation(bAxis, b) / 50,
    chroma / aAxis.length / 80,
    coloured / aAxis.length,
    // Contrast between the darkest and brightest tenth: posters and noir are far apart, pastels close.
    spread(lightness) / 100,
  ];
}

function spread(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor(sorted.length * 0.9)]! - sorted[Math.floor(sorted.length * 0.1)]!;
}

function lightnessHistogram(lightness: Float32Array): number[] {
  const bins = new Array<number>(FEATURE_GROUPS.lightness).fill(0);
  for (const l of lightness) bins[Math.min(bins.length - 1, Math.floor((l / 100) * bins.length))]!++;
  return bins.map((n) => n / lightness.length);
}

/** Hue sectors weighted by chroma, as a share of all pixels: a grey picture has (near) nothing in any sector. */
function hueHistogram(aAxis: Float32Array, bAxis: Float32Array): number[] {
  const bins = new Array<number>(FEATURE_GROUPS.hue).fill(0);
  for (let i = 0; i < aAxis.length; i++) {
    const chroma = Math.hypot(aAxis[i]!, bAxis[i]!);
    if (chroma <= COLOURED_CHROMA / 3) continue;
    const angle = (Math.atan2(bAxis[i]!, aAxis[i]!) + Math.PI) / (2 * Math.PI);
    bins[Math.min(bins.length - 1, Math.floor(angle * bins.length))]! += Math.min(1, chroma / 60);
  }
  return bins.map((n) => n / aAxis.length);
}

/** Sobel on lightness: how much of the picture is edge, how hard the edges are, and which way they run. */
function edgeStats(lightness: Float32Array, width: number, height: number): number[] {
  let edges = 0;
  let total = 0;
  const directions = [0, 0, 0, 0];
  let weight = 0;
  const at = (x: number, y: number) => lightness[y * width + x]!;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const gx = at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x - 1, y) - at(x - 1, y + 1);
      const gy = at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x, y - 1) - at(x + 1, y - 1);
      const magnitude = Math.hypot(gx, gy) / 4;
      total += magnitude;
      if (magnitude <= EDGE_THRESHOLD) continue;
      edges++;
      // Direction folded into 0–180°, then four sectors centred on horizontal, the diagonals and vertical.
      const angle = ((Math.atan2(gy, gx) * 180) / Math.PI + 180 + 22.5) % 180;
      directions[Math.floor(angle / 45) % 4]! += magnitude;
      weight += magnitude;
    }
  }
  const inner = (width - 2) * (height - 2);
  return [edges / inner, total / inner / 25, ...directions.map((d) => (weight > 0 ? d / weight : 0.25))];
}

/** Mean absolute detail at fine, middle and coarse scales (differences of box blurs), and the fine share. */
function textureStats(lightness: Float32Array, width: number, height: number): number[] {
  const fine = boxBlur(lightness, width, height, 1);
  const middle = boxBlur(lightness, width, height, 3);
  const coarse = boxBlur(lightness, width, height, 9);
  let [high, mid, low] = [0, 0, 0];
  for (let i = 0; i < lightness.length; i++) {
    high += Math.abs(lightness[i]! - fine[i]!);
    mid += Math.abs(fine[i]! - middle[i]!);
    low += Math.abs(middle[i]! - coarse[i]!);
  }
  const n = lightness.length;
  const energy = high + mid + low;
  return [high / n / 10, mid / n / 10, low / n / 10, energy > 0 ? high / energy : 0];
}

function boxBlur(values: Float32Array, width: number, height: number, radius: number): Float32Array {
  const across = new Float32Array(values.length);
  const out = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dx = -radius; dx <= radius; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= width) continue;
        sum += values[y * width + xx]!;
        n++;
      }
      across[y * width + x] = sum / n;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        sum += across[yy * width + x]!;
        n++;
      }
      out[y * width + x] = sum / n;
    }
  }
  return out;
}

/** dHash: each bit says whether a pixel is brighter than its right neighbour on a 9×8 grey copy. */
function differenceHash(grey: Uint8Array): string {
  let bits = 0n;
  for (let y = 0; y < HASH_ROWS; y++) {
    for (let x = 0; x < HASH_COLUMNS - 1; x++) {
      bits = (bits << 1n) | (grey[y * HASH_COLUMNS + x]! > grey[y * HASH_COLUMNS + x + 1]! ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, "0");
}

const LINEAR = Float32Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

function labCurve(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116;
}

/** sRGB (D65) to CIE Lab: L 0–100, a and b roughly −100–100. */
function srgbToLab(red: number, green: number, blue: number): [number, number, number] {
  const [r, g, b] = [LINEAR[red]!, LINEAR[green]!, LINEAR[blue]!];
  const x = labCurve((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = labCurve(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = labCurve((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
