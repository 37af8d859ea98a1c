// The arithmetic of style strength (no database): how far a style moves pictures from the no-style baseline of the
// same prompt and model, and how consistently — the idea of style descriptors such as CSD (arXiv 2404.01292).
import { FEATURE_GROUPS, FEATURE_LENGTH } from "./style-features";

/** Each group of features counts about equally, however many numbers it has. */
const WEIGHTS = Float32Array.from(
  Object.values(FEATURE_GROUPS).flatMap((size) => new Array<number>(size).fill(1 / Math.sqrt(size))),
);

export function encodeFeatureVector(vector: readonly number[]): Buffer {
  if (vector.length !== FEATURE_LENGTH) throw new Error(`A feature vector has ${FEATURE_LENGTH} numbers, not ${vector.length}.`);
  return Buffer.from(Float32Array.from(vector).buffer);
}

/** Null for a blob of another layout (written by a different version of the features): it is left out, not misread. */
export function decodeFeatureVector(blob: Uint8Array): Float32Array | null {
  if (blob.byteLength !== FEATURE_LENGTH * 4) return null;
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** The weighted difference b − a. */
function weightedDelta(from: ArrayLike<number>, to: ArrayLike<number>): Float32Array {
  const delta = new Float32Array(FEATURE_LENGTH);
  for (let i = 0; i < FEATURE_LENGTH; i++) delta[i] = (to[i]! - from[i]!) * WEIGHTS[i]!;
  return delta;
}

function norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! ** 2;
  return Math.sqrt(sum);
}

export function featureDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return norm(weightedDelta(a, b));
}

export function meanVector(vectors: readonly ArrayLike<number>[]): Float32Array {
  const mean = new Float32Array(FEATURE_LENGTH);
  for (const vector of vectors) for (let i = 0; i < FEATURE_LENGTH; i++) mean[i]! += vector[i]! / vectors.length;
  return mean;
}

export interface StyleEffect {
  /** How far the style moves a picture in a direction shared across prompts: ‖mean of the changes‖. */
  strength: number;
  /** The average size of the change, shared or not. */
  magnitude: number;
  /** strength ÷ magnitude, 0–1: 1 when every prompt is changed the same way, near 1/√n when the changes are noise. */
  consistency: number;
  prompts: number;
}

/** Fewer prompt pairs than this say nothing about consistency (one change always agrees with itself). */
export const MIN_PROMPT_PAIRS = 2;

/**
 * The style's effect from (style render, baseline render) feature pairs, one per prompt. A seed's noise moves each
 * picture a little in its own direction, so it averages out of `strength`; a real style moves them all one way.
 */
export function measureStyleEffect(pairs: readonly { styled: ArrayLike<number>; baseline: ArrayLike<number> }[]): StyleEffect | null {
  if (pairs.length < MIN_PROMPT_PAIRS) return null;
  const deltas = pairs.map((pair) => weightedDelta(pair.baseline, pair.styled));
  const magnitude = deltas.reduce((sum, delta) => sum + norm(delta), 0) / deltas.length;
  const strength = norm(meanVector(deltas));
  return { strength, magnitude, consistency: magnitude > 0 ? strength / magnitude : 0, prompts: pairs.length };
}
