// The synthetic gallery's shape: which style phrases, base prompts and models a dataset of a given size holds, and in what order they arrive.

export interface DatasetShape {
  label: string;
  styles: number;
  prompts: number;
  models: number;
}

/** Sizes as the brief gives them: styles × prompts × models = renders. */
export const DATASET_SHAPES: Record<string, DatasetShape> = {
  "10k": { label: "10k", styles: 50, prompts: 20, models: 10 },
  "100k": { label: "100k", styles: 500, prompts: 20, models: 10 },
  "1m": { label: "1m", styles: 2000, prompts: 50, models: 10 },
};

export function renderCount(shape: DatasetShape): number {
  return shape.styles * shape.prompts * shape.models;
}

// About one medium in twenty is an oil painting, so "oil painting" matches a share of styles like a real catalogue would.
const MEDIUMS = [
  "oil painting", "acrylic painting", "watercolor", "gouache", "charcoal drawing", "pencil sketch", "ink wash",
  "pixel art", "linocut", "woodblock print", "screen print", "mosaic", "stained glass", "collage", "fresco",
  "3d render", "photograph", "vector illustration", "claymation", "pastel drawing",
];

const MODIFIERS = [
  "neon", "gothic", "minimalist", "baroque", "surreal", "vintage", "futuristic", "cyberpunk", "steampunk",
  "art deco", "art nouveau", "impressionist", "expressionist", "cubist", "pop art", "vaporwave", "synthwave",
  "film noir", "pastel", "monochrome", "sepia", "psychedelic", "dreamy", "moody", "cinematic", "whimsical",
  "brutalist", "retro", "ukiyo-e", "bauhaus", "glitch", "isometric", "low poly", "hand-drawn", "dark fantasy",
  "solarpunk", "folk art", "rococo", "abstract", "lo-fi",
];

const SUBJECTS = [
  "a red fox", "a lighthouse", "a tin robot", "an old fisherman", "a quiet city street", "a mountain village",
  "a sleeping cat", "a sailing ship", "a bowl of fruit", "a paper dragon",
];

const SETTINGS = [
  "in a snowy forest", "at dusk", "after rain", "under a full moon", "on a rocky coast", "in a busy market",
  "at sunrise", "in a greenhouse", "during a storm", "on a summer afternoon",
];

export const MODEL_KEYS = [
  "openai:gpt-image-1", "openai:dall-e-3", "replicate:flux-schnell", "replicate:flux-dev", "replicate:sdxl",
  "replicate:recraft-v3", "replicate:ideogram-v2", "replicate:imagen-4", "local:sketch", "local:paint",
];

/** Words users would type into search: mediums' and modifiers' first words, for varied search load. */
export const SEARCH_WORDS = ["oil painting", "watercolor", "neon", "pixel art", "gothic", "charcoal", "retro", "mosaic", "cyberpunk", "ink"];

/** A small fast seeded generator (mulberry32), so every build of a size holds the same rows. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** "oil painting" first (every size can be searched for it), then medium plus zero to two modifiers, no duplicates. */
export function stylePhrases(count: number, random: () => number): string[] {
  const phrases = new Set<string>(["oil painting"]);
  const maxAttempts = count * 100;
  for (let attempt = 0; phrases.size < count && attempt < maxAttempts; attempt++) {
    const roll = random();
    const modifierCount = roll < 0.1 ? 0 : roll < 0.6 ? 1 : 2;
    const first = pick(MODIFIERS, random);
    const second = pick(MODIFIERS, random);
    if (modifierCount === 2 && first === second) continue;
    const modifiers = [first, second].slice(0, modifierCount);
    phrases.add([...modifiers, pick(MEDIUMS, random)].join(" "));
  }
  if (phrases.size < count) throw new Error(`only ${phrases.size} distinct style phrases for ${count} wanted`);
  return [...phrases];
}

/** Distinct subject × setting pairs; enough for up to 100 prompts. */
export function basePrompts(count: number): string[] {
  if (count > SUBJECTS.length * SETTINGS.length) throw new Error(`at most ${SUBJECTS.length * SETTINGS.length} prompts`);
  return Array.from({ length: count }, (_, k) => {
    const subject = SUBJECTS[k % SUBJECTS.length]!;
    const setting = SETTINGS[(k + Math.floor(k / SUBJECTS.length)) % SETTINGS.length]!;
    return `${subject} ${setting}`;
  });
}

/**
 * The order (style, prompt) rows reach the gallery: shuffled, with each row's models together, as when a
 * matrix run finishes one prompt in one style across its models. Renders of a style are therefore spread
 * over the table, as in a gallery that grew over time, not stored next to each other.
 */
export function arrivalOrder(shape: DatasetShape, random: () => number): Uint32Array {
  const rows = new Uint32Array(shape.styles * shape.prompts);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = rows[i]!;
    rows[i] = rows[j]!;
    rows[j] = swap;
  }
  return rows;
}

/** A UUID-v4-shaped id from the seeded generator, so ids are stable across rebuilds. */
export function seededUuid(random: () => number): string {
  let hex = "";
  for (let i = 0; i < 4; i++) hex += Math.floor(random() * 4294967296).toString(16).padStart(8, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
