// Offline "local" image provider: draws deterministic stylised illustrations from prompt, style phrase and model key.
import sharp from "sharp";

export const LOCAL_MODELS: Record<string, { label: string; description: string }> = {
  "local:paint": {
    label: "Local Paint",
    description: "Filled shapes, gradients and painterly texture, drawn offline.",
  },
  "local:sketch": {
    label: "Local Sketch",
    description: "Ink line art with hatching on paper and a few colours, drawn offline.",
  },
  "local:pixel": {
    label: "Local Pixel",
    description: "Chunky pixels on a limited, dithered palette, drawn offline.",
  },
};

export function isLocalModel(modelKey: string): boolean {
  return Object.hasOwn(LOCAL_MODELS, modelKey);
}

export async function drawLocalImage(input: {
  basePrompt: string;
  stylePhrase: string;
  modelKey: string;
  size?: number;
}): Promise<Buffer> {
  if (!isLocalModel(input.modelKey)) {
    const known = Object.keys(LOCAL_MODELS).join(", ");
    throw new Error(`Unknown local model "${input.modelKey}"; expected one of: ${known}`);
  }
  const size = input.size ?? 1024;
  if (!Number.isInteger(size) || size < 64 || size > 4096) {
    throw new Error(`Local image size must be an integer between 64 and 4096, got ${size}`);
  }
  const recipe = recipeForPhrase(input.stylePhrase);
  const scene = planScene(input.basePrompt, recipe);
  const rng = new Rng(hashText(`${input.basePrompt}\u0000${input.stylePhrase}\u0000${input.modelKey}`));

  const svg = buildSceneSvg(scene, recipe, input.modelKey === "local:paint" ? "paint" : "flat", size);
  const subjectMask = () => rasteriseAlpha(svg.subjectOnly);
  let raster = await rasteriseSvg(svg.full);
  if (input.modelKey === "local:sketch") {
    raster = drawInkOverTones(raster, {
      paper: recipe.palette.paper,
      ink: recipe.palette.ink,
      wash: recipe.sketchWash,
      hatchSpacing: 9,
      edgeStrength: 1,
      seed: rng.int(0, 1 << 20),
      wobble: 2.5,
      paperGrain: 1,
    });
    raster = await applySteps(raster, recipe.steps.filter((step) => SKETCH_STEPS.has(step.kind)), rng, recipe, subjectMask);
  } else if (input.modelKey === "local:pixel") {
    raster = await applySteps(raster, recipe.steps.filter((step) => PIXEL_STEPS.has(step.kind)), rng, recipe, subjectMask);
    // A style that is already pixel art gets even chunkier pixels here, so the two models still differ.
    const alreadyPixelated = recipe.steps.some((step) => step.kind === "pixelate");
    raster = pixelate(raster, alreadyPixelated ? 32 : 64, paletteForPixels(recipe));
  } else {
    raster = await applySteps(raster, recipe.steps, rng, recipe, subjectMask);
  }
  return encodePng(raster);
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness: every choice flows from string hashes so the same inputs give the same bytes.

function hashText(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** mulberry32 */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, maxExclusive: number): number {
    return Math.floor(this.range(min, maxExclusive));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Cannot pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

// ---------------------------------------------------------------------------------------------
// Colour arithmetic on [r, g, b] triples in 0..255.

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function toHex([r, g, b]: Rgb): string {
  const channel = (v: number) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, "0");
  return `#${channel(r)}${channel(g)}${channel(b)}`;
}

function mixHex(a: string, b: string, t: number): string {
  const ca = parseHex(a);
  const cb = parseHex(b);
  return toHex([ca[0] + (cb[0] - ca[0]) * t, ca[1] + (cb[1] - ca[1]) * t, ca[2] + (cb[2] - ca[2]) * t]);
}

function hslHex(hue: number, saturation: number, lightness: number): string {
  const h = (((hue % 360) + 360) % 360) / 360;
  const q = lightness < 0.5 ? lightness * (1 + saturation) : lightness + saturation - lightness * saturation;
  const p = 2 * lightness - q;
  const channel = (offset: number) => {
    let t = h + offset;
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  return toHex([channel(1 / 3) * 255, channel(0) * 255, channel(-1 / 3) * 255]);
}

function hexToHsl(hex: string): [number, number, number] {
  const [r, g, b] = parseHex(hex).map((v) => v / 255) as Rgb;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2;
  if (max === min) return [0, 0, lightness];
  const d = max - min;
  const saturation = lightness > 0.5 ? d / (2 - max - min) : d / (max + min);
  let hue: number;
  if (max === r) hue = (g - b) / d + (g < b ? 6 : 0);
  else if (max === g) hue = (b - r) / d + 2;
  else hue = (r - g) / d + 4;
  return [hue * 60, saturation, lightness];
}

function rotateHue(hex: string, degrees: number): string {
  const [h, s, l] = hexToHsl(hex);
  return hslHex(h + degrees, s, l);
}

function luminanceOf(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

// ---------------------------------------------------------------------------------------------
// Style recipes: what a phrase does to palette, backdrop, composition and pixel effects.

interface Palette {
  skyTop: string;
  skyBottom: string;
  sun: string;
  far: string;
  near: string;
  ground: string;
  main: string;
  accent: string;
  ink: string;
  paper: string;
}

const PALETTE_ORDER = ["skyTop", "skyBottom", "sun", "far", "near", "ground", "main", "accent", "ink", "paper"] as const;

/** Ten hex colours in PALETTE_ORDER, space separated, keeps the recipe table readable. */
function paletteOf(colours: string): Palette {
  const list = colours.trim().split(/\s+/);
  if (list.length !== PALETTE_ORDER.length) throw new Error(`Palette needs ${PALETTE_ORDER.length} colours: ${colours}`);
  return Object.fromEntries(PALETTE_ORDER.map((key, i) => [key, list[i]])) as unknown as Palette;
}

type Backdrop =
  | "clouds"
  | "stars"
  | "sunburst"
  | "stripedSun"
  | "grid"
  | "halftoneSky"
  | "decoFan"
  | "decoFrame"
  | "nouveauFrame"
  | "bauhausShapes"
  | "blueprintGrid"
  | "cloudBands"
  | "blinds"
  | "rain"
  | "swirls"
  | "halo"
  | "posterBorder";

type Layout = "landscape" | "poster" | "isometric";
type Shading = "flat" | "gradient" | "clay" | "cel";
type TextureKind = "canvas" | "paper" | "grain" | "watercolor" | "clay";

type RasterStep =
  | { kind: "brush"; size: number; swirl: number }
  | { kind: "warp"; amount: number }
  | { kind: "texture"; texture: TextureKind; strength: number }
  | { kind: "posterize"; levels: number }
  | { kind: "grey"; contrast: number; tint?: string }
  | { kind: "pixelate"; cells: number }
  | { kind: "tiles"; tile: number; grout: string }
  | { kind: "cells"; cell: number; lead: string }
  | { kind: "facets"; cell: number; relief: number }
  | { kind: "halftone"; cell: number; ink: string }
  | { kind: "hatch"; spacing: number; wash: number }
  | { kind: "bloom"; strength: number }
  | { kind: "vignette"; strength: number }
  | { kind: "scanlines"; strength: number }
  | { kind: "chroma"; offset: number }
  | { kind: "inks"; colours: string[] }
  | { kind: "stitch"; cells: number }
  | { kind: "blur"; sigma: number };

/** Passes that keep reading as a drawing when applied over ink lines; the rest would bury them (and the ink pass lays its own paper texture). */
const SKETCH_STEPS = new Set<RasterStep["kind"]>(["grey", "scanlines", "chroma", "vignette", "inks"]);
const PIXEL_STEPS = new Set<RasterStep["kind"]>(["grey", "posterize", "inks", "chroma"]);

interface StyleRecipe {
  palette: Palette;
  time?: TimeOfDay;
  shading: Shading;
  /** Subject outline width in canvas px at 1024; 0 draws none. */
  outline: number;
  backdrops: Backdrop[];
  layout: Layout;
  steps: RasterStep[];
  /** How much of the scene's colour the sketch model keeps under its ink (0 = pure ink on paper). */
  sketchWash: number;
  pixelPalette?: string[];
}

type RecipeSeed = Partial<StyleRecipe> & { palette: Palette };

const SWEETIE_16 = [
  "#1a1c2c", "#5d275d", "#b13e53", "#ef7d57", "#ffcd75", "#a7f070", "#38b764", "#257179",
  "#29366f", "#3b5dc9", "#41a6f6", "#73eff7", "#f4f4f4", "#94b0c2", "#566c86", "#333c57",
];

/** Keywords are matched as whole words or phrases; the earliest match in the phrase sets the base look. */
const STYLE_RECIPES: Array<{ keywords: string[]; recipe: RecipeSeed }> = [
  {
    keywords: ["oil painting", "oil on canvas", "oil", "baroque", "renaissance", "rembrandt", "classical painting"],
    recipe: {
      palette: paletteOf("#2c4f74 #e9c27f #ffd98a #6d7c99 #667c3c #3f5629 #c4622d #8e2424 #2a1c12 #efe4cf"),
      backdrops: ["clouds"],
      steps: [
        { kind: "brush", size: 1.3, swirl: 0.4 },
        { kind: "texture", texture: "canvas", strength: 0.55 },
        { kind: "vignette", strength: 0.35 },
      ],
      sketchWash: 0.35,
    },
  },
  {
    keywords: ["watercolor", "watercolour", "aquarelle", "ink wash"],
    recipe: {
      palette: paletteOf("#9ccbe6 #fbeedd #f6a96b #b4c7da #9cc8a2 #82b28d #e07a5f #3d5a80 #4a4e69 #fbf8f1"),
      shading: "flat",
      backdrops: ["clouds"],
      steps: [
        { kind: "warp", amount: 7 },
        { kind: "texture", texture: "watercolor", strength: 0.9 },
      ],
      sketchWash: 0.75,
    },
  },
  {
    keywords: ["pixel art", "pixel", "8-bit", "8 bit", "16-bit", "16 bit", "retro game", "sprite"],
    recipe: {
      palette: paletteOf("#29366f #41a6f6 #ffcd75 #566c86 #38b764 #257179 #ef7d57 #b13e53 #1a1c2c #f4f4f4"),
      shading: "flat",
      outline: 6,
      backdrops: ["clouds"],
      steps: [{ kind: "pixelate", cells: 64 }],
      pixelPalette: SWEETIE_16,
      sketchWash: 0.5,
    },
  },
  {
    keywords: ["cyberpunk", "neon", "blade runner", "tron", "futuristic city"],
    recipe: {
      palette: paletteOf("#070216 #3b0d5e #ff2a6d #2a1458 #160a36 #07020f #05d9e8 #ff2a6d #d1f7ff #0b0420"),
      time: "night",
      outline: 5,
      backdrops: ["stars", "grid", "rain"],
      steps: [
        { kind: "bloom", strength: 0.9 },
        { kind: "scanlines", strength: 0.12 },
        { kind: "chroma", offset: 3 },
      ],
      sketchWash: 0.45,
    },
  },
  {
    keywords: ["vaporwave", "vapourwave", "aesthetic", "y2k"],
    recipe: {
      palette: paletteOf("#7b4bff #ff8fd8 #fffb96 #01cdfe #05ffa1 #2d0a4e #ff71ce #01cdfe #2d0a4e #ffe3f6"),
      time: "sunset",
      shading: "gradient",
      backdrops: ["stripedSun", "grid", "halftoneSky"],
      steps: [
        { kind: "chroma", offset: 6 },
        { kind: "scanlines", strength: 0.18 },
        { kind: "posterize", levels: 6 },
      ],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["synthwave", "outrun", "retrowave", "80s", "retro futurism"],
    recipe: {
      palette: paletteOf("#0d0430 #c0207a #ffd319 #3a0f62 #1d0840 #0d0430 #ff6ec7 #00f0ff #00f0ff #120458"),
      time: "night",
      outline: 4,
      backdrops: ["stars", "stripedSun", "grid"],
      steps: [{ kind: "bloom", strength: 0.7 }],
      sketchWash: 0.5,
    },
  },
  {
    keywords: ["ukiyo-e", "ukiyo e", "ukiyoe", "woodblock", "hokusai", "hiroshige", "japanese print"],
    recipe: {
      palette: paletteOf("#8fb3c7 #efe0c0 #c8312b #2e4a62 #5b7a8c #cdb88f #d17a3a #c8312b #1e2a38 #efe3c6"),
      shading: "flat",
      outline: 3,
      backdrops: ["cloudBands", "sunburst"],
      steps: [
        { kind: "texture", texture: "paper", strength: 0.8 },
        { kind: "warp", amount: 2 },
      ],
      sketchWash: 0.55,
    },
  },
  {
    keywords: ["art deco", "deco", "gatsby", "1920s"],
    recipe: {
      palette: paletteOf("#0e1a2b #24465a #e2bf5a #1f3a4d #15293b #0b1420 #d4af37 #f1e5b8 #d4af37 #10202f"),
      time: "night",
      outline: 3,
      layout: "poster",
      backdrops: ["decoFan", "decoFrame"],
      steps: [{ kind: "texture", texture: "grain", strength: 0.3 }],
      sketchWash: 0.4,
    },
  },
  {
    keywords: ["pencil sketch", "pencil", "graphite", "sketch", "drawing"],
    recipe: {
      palette: paletteOf("#e4e2dc #f6f5f0 #fbfaf6 #cfccc5 #bdbab3 #aeaba4 #8d8983 #5c5a56 #2e2d2b #f7f6f1"),
      shading: "flat",
      backdrops: ["clouds"],
      steps: [
        { kind: "hatch", spacing: 8, wash: 0.5 },
        { kind: "grey", contrast: 1.05 },
        { kind: "texture", texture: "paper", strength: 0.9 },
      ],
      sketchWash: 0,
    },
  },
  {
    keywords: ["charcoal", "conte", "smudge"],
    recipe: {
      palette: paletteOf("#8d8a85 #d8d4cc #f4f1ea #6e6b66 #55524e #3e3c39 #2d2b29 #1d1c1b #141312 #e9e5dc"),
      shading: "gradient",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 3 },
        { kind: "grey", contrast: 1.35 },
        { kind: "warp", amount: 6 },
        { kind: "texture", texture: "paper", strength: 1.4 },
      ],
      sketchWash: 0.15,
    },
  },
  {
    keywords: ["film noir", "noir", "black and white", "black-and-white", "monochrome"],
    recipe: {
      palette: paletteOf("#050505 #3c3c3c #f2f2f2 #2a2a2a #1a1a1a #0c0c0c #9a9a9a #e0e0e0 #f0f0f0 #121212"),
      time: "night",
      backdrops: ["blinds", "rain"],
      steps: [
        { kind: "grey", contrast: 1.6 },
        { kind: "texture", texture: "grain", strength: 1.1 },
        { kind: "vignette", strength: 0.8 },
      ],
      sketchWash: 0.2,
    },
  },
  {
    keywords: ["pop art", "comic", "warhol", "lichtenstein", "comic book"],
    recipe: {
      palette: paletteOf("#00b4e6 #7fdcf5 #ffde00 #ff5fa2 #ffde00 #00a651 #e4002b #ffde00 #000000 #fff7d6"),
      shading: "flat",
      outline: 9,
      layout: "poster",
      backdrops: ["halftoneSky", "sunburst"],
      steps: [
        { kind: "posterize", levels: 4 },
        { kind: "halftone", cell: 14, ink: "#1a1a1a" },
      ],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["stained glass", "church window", "cathedral glass"],
    recipe: {
      palette: paletteOf("#163a8a #3b7fd0 #f6c445 #6a2c91 #1f8a4d #145c3a #d0352b #f39c12 #1a1a1a #e8e1cf"),
      shading: "flat",
      outline: 10,
      backdrops: ["sunburst", "halo"],
      steps: [
        { kind: "cells", cell: 56, lead: "#141414" },
        { kind: "vignette", strength: 0.45 },
      ],
      sketchWash: 0.8,
    },
  },
  {
    keywords: ["mosaic", "tesserae", "byzantine", "roman mosaic"],
    recipe: {
      palette: paletteOf("#1e5f8c #8cc4d8 #f0b429 #b5835a #7a9a4a #5a6b34 #b7412e #f0b429 #2b2520 #d9ccb4"),
      shading: "flat",
      outline: 6,
      backdrops: ["halo", "sunburst"],
      steps: [{ kind: "tiles", tile: 20, grout: "#d8cfbf" }],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["low poly", "low-poly", "lowpoly", "polygonal", "faceted", "cubism", "cubist"],
    recipe: {
      palette: paletteOf("#2b3a67 #f2a65a #ffe08a #4d5d8c #3f8f6b #2c6e49 #ef6f53 #ffd166 #1b1b2f #f4efe6"),
      time: "sunset",
      backdrops: [],
      steps: [{ kind: "facets", cell: 64, relief: 0.16 }],
      sketchWash: 0.55,
    },
  },
  {
    keywords: ["isometric", "diorama", "tiny world", "miniature"],
    recipe: {
      palette: paletteOf("#bde4f4 #fdf1e1 #ffe29a #a9c8e6 #8fd18b #6bb36e #ff8a5b #5b8def #2f3a56 #fff8ee"),
      layout: "isometric",
      outline: 2,
      backdrops: ["clouds"],
      steps: [{ kind: "texture", texture: "grain", strength: 0.15 }],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["bauhaus", "de stijl", "mondrian", "constructivist", "swiss poster", "geometric"],
    recipe: {
      palette: paletteOf("#efe6d2 #efe6d2 #e63b2e #1d3557 #f2b705 #1d3557 #e63b2e #f2b705 #111111 #efe6d2"),
      shading: "flat",
      layout: "poster",
      backdrops: ["bauhausShapes"],
      steps: [{ kind: "texture", texture: "paper", strength: 0.45 }],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["impressionist", "impressionism", "monet", "renoir", "plein air", "van gogh", "post-impressionist", "starry night"],
    recipe: {
      palette: paletteOf("#5b8fd6 #fdf0c4 #ffd166 #9fb7a0 #8fc06a #5d9447 #e76f51 #f4a261 #2d3142 #f6f1e3"),
      backdrops: ["swirls", "clouds"],
      steps: [
        { kind: "brush", size: 1, swirl: 1 },
        { kind: "texture", texture: "canvas", strength: 0.35 },
      ],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["art nouveau", "nouveau", "mucha", "jugendstil"],
    recipe: {
      palette: paletteOf("#e9dcbf #d6c49c #c99a4e #8a9a5b #6f8250 #4f5d3a #b5653c #3f6f73 #3b2f2a #efe4cc"),
      shading: "gradient",
      outline: 4,
      backdrops: ["halo", "nouveauFrame"],
      steps: [
        { kind: "posterize", levels: 9 },
        { kind: "texture", texture: "paper", strength: 0.5 },
      ],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["blueprint", "technical drawing", "schematic", "engineering drawing", "patent drawing"],
    recipe: {
      palette: paletteOf("#1d4c8f #2760ad #dfeaff #3a6fb8 #2f65ad #285a9e #4f86cf #dfeaff #eef4ff #1c4a8c"),
      shading: "flat",
      outline: 3,
      layout: "poster",
      backdrops: ["blueprintGrid"],
      steps: [
        { kind: "hatch", spacing: 10, wash: 0.85 },
        { kind: "texture", texture: "grain", strength: 0.25 },
      ],
      sketchWash: 0.9,
    },
  },
  {
    keywords: ["pastel", "soft pastel", "kawaii", "cute"],
    recipe: {
      palette: paletteOf("#cdb4db #ffd6e5 #fff1c1 #bde0fe #a2d2ff #c8f3c0 #ffafcc #b8c0ff #6d6875 #fff7fb"),
      shading: "clay",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 1.2 },
        { kind: "texture", texture: "grain", strength: 0.2 },
      ],
      sketchWash: 0.8,
    },
  },
  {
    keywords: ["gouache", "poster paint", "tempera", "storybook", "illustration", "ghibli"],
    recipe: {
      palette: paletteOf("#3a7ca5 #d9f0ee #f6bd60 #84a59d #52a37a #2a7f62 #e76f51 #264653 #203040 #f5f0e6"),
      shading: "gradient",
      backdrops: ["clouds"],
      steps: [
        { kind: "brush", size: 0.7, swirl: 0.2 },
        { kind: "texture", texture: "paper", strength: 0.6 },
      ],
      sketchWash: 0.65,
    },
  },
  {
    keywords: ["linocut", "lino cut", "woodcut", "block print", "engraving", "etching", "screen print", "screenprint", "risograph"],
    recipe: {
      palette: paletteOf("#f2eadf #f2eadf #c1121f #1b1b1b #1b1b1b #1b1b1b #c1121f #c1121f #1b1b1b #f2eadf"),
      shading: "gradient",
      outline: 5,
      backdrops: ["sunburst"],
      steps: [
        { kind: "hatch", spacing: 11, wash: 0.85 },
        { kind: "inks", colours: ["#1b1b1b", "#c1121f", "#f2eadf"] },
        { kind: "warp", amount: 3 },
        { kind: "texture", texture: "paper", strength: 0.6 },
      ],
      sketchWash: 0.4,
    },
  },
  {
    keywords: ["origami", "papercraft", "paper craft", "folded paper", "paper cut", "papercut"],
    recipe: {
      palette: paletteOf("#bfdbe6 #f4efe4 #f4a259 #9db4c0 #5b8e7d #3e6b5a #e26d5a #f4c95d #3d3d3d #f7f1e3"),
      shading: "flat",
      backdrops: ["halo"],
      steps: [
        { kind: "facets", cell: 96, relief: 0.3 },
        { kind: "texture", texture: "paper", strength: 0.7 },
      ],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["claymation", "clay", "plasticine", "stop motion", "stop-motion", "3d render", "3d", "pixar"],
    recipe: {
      palette: paletteOf("#8ecae6 #fdf0d5 #ffb703 #a3c4bc #90be6d #6a994e #f28482 #f6bd60 #3d405b #fdf0d5"),
      shading: "clay",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 2 },
        { kind: "texture", texture: "clay", strength: 0.8 },
        { kind: "vignette", strength: 0.25 },
      ],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["cross-stitch", "cross stitch", "embroidery", "needlepoint", "tapestry"],
    recipe: {
      palette: paletteOf("#f1e9da #f1e9da #e07a5f #81b29a #3d8b6a #2f6d52 #e07a5f #f2cc8f #3d405b #f1e9da"),
      shading: "flat",
      outline: 6,
      layout: "poster",
      backdrops: ["halo"],
      steps: [{ kind: "stitch", cells: 56 }],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["sepia", "vintage photo", "daguerreotype", "old photograph", "vintage"],
    recipe: {
      palette: paletteOf("#7a6a55 #d8c8a8 #f3e6c8 #9a8a70 #6f604c #4f4434 #8a5a3c #c49a6c #2b2118 #efe2c6"),
      shading: "gradient",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 1.5 },
        { kind: "grey", contrast: 1.1, tint: "#b08a5a" },
        { kind: "texture", texture: "grain", strength: 0.9 },
        { kind: "vignette", strength: 0.9 },
      ],
      sketchWash: 0.3,
    },
  },
  {
    keywords: ["chalk", "chalkboard", "blackboard"],
    recipe: {
      palette: paletteOf("#2f3b35 #3d4b43 #f5f3e7 #4a5a50 #56685d #3a4a41 #f3d9a4 #f7a6a6 #f5f3e7 #26302b"),
      shading: "flat",
      layout: "poster",
      backdrops: ["stars"],
      steps: [
        { kind: "hatch", spacing: 9, wash: 0.6 },
        { kind: "warp", amount: 3 },
        { kind: "texture", texture: "grain", strength: 0.9 },
      ],
      sketchWash: 0.2,
    },
  },
  {
    keywords: ["steampunk", "brass", "victorian", "clockwork"],
    recipe: {
      palette: paletteOf("#3b2a1e #c8925a #f2c572 #6b4f36 #5a4030 #3a281b #b87333 #4a7c74 #21160e #e8d5b0"),
      time: "sunset",
      outline: 3,
      backdrops: ["clouds", "halo"],
      steps: [
        { kind: "brush", size: 0.8, swirl: 0.3 },
        { kind: "texture", texture: "grain", strength: 0.5 },
        { kind: "vignette", strength: 0.6 },
      ],
      sketchWash: 0.45,
    },
  },
  {
    keywords: ["glitch", "datamosh", "vhs", "crt"],
    recipe: {
      palette: paletteOf("#0a0a12 #26264a #ff3864 #3a2d7a #1f1f3a #0a0a12 #2de2e6 #ff3864 #f6f6f6 #0a0a12"),
      time: "night",
      backdrops: ["stars", "grid"],
      steps: [
        { kind: "chroma", offset: 12 },
        { kind: "scanlines", strength: 0.3 },
        { kind: "texture", texture: "grain", strength: 0.6 },
      ],
      sketchWash: 0.5,
    },
  },
  {
    keywords: ["minimalist", "minimal", "flat design", "vector", "flat illustration"],
    recipe: {
      palette: paletteOf("#f4d8c4 #fbeee2 #ef8354 #d9a5a0 #8fb996 #5f8f6c #2f4858 #ef8354 #2f4858 #fbeee2"),
      shading: "flat",
      layout: "poster",
      backdrops: ["halo"],
      steps: [],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["anime", "manga", "cel shaded", "cel-shaded", "lo-fi", "lofi", "cartoon", "shonen"],
    recipe: {
      palette: paletteOf("#2f86d6 #c4e8ff #fff4c2 #86b9dc #5cbf6a #3e9a4f #f08a5d #2f4b7c #1f2a44 #fdfbf5"),
      shading: "cel",
      outline: 4,
      backdrops: ["clouds"],
      steps: [
        { kind: "bloom", strength: 0.3 },
        { kind: "texture", texture: "grain", strength: 0.12 },
      ],
      sketchWash: 0.75,
    },
  },
  {
    keywords: ["photograph", "photo", "photorealistic", "realistic", "cinematic", "35mm", "dslr", "hyperrealistic", "film still"],
    recipe: {
      palette: paletteOf("#4a78b5 #e3ebef #fff3d6 #8a9bb0 #6f8a4c #4d6535 #b5683b #7a3b2e #1c1c1c #f2f2f2"),
      shading: "gradient",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 2.2 },
        { kind: "bloom", strength: 0.35 },
        { kind: "texture", texture: "grain", strength: 0.45 },
        { kind: "vignette", strength: 0.45 },
      ],
      sketchWash: 0.45,
    },
  },
  {
    keywords: ["travel poster", "vintage poster", "retro poster", "wpa", "national park poster", "poster"],
    recipe: {
      palette: paletteOf("#f0a868 #f9e3b4 #fff1d0 #6f8fa0 #3f6b5c #2a4a40 #d9643a #f2c14e #1d2b2f #f6ead3"),
      shading: "flat",
      time: "sunset",
      backdrops: ["clouds", "posterBorder"],
      steps: [{ kind: "texture", texture: "paper", strength: 0.7 }],
      sketchWash: 0.65,
    },
  },
  {
    keywords: ["crayon", "child's drawing", "childs drawing", "kids drawing", "doodle", "naive art"],
    recipe: {
      palette: paletteOf("#7ec8f2 #d8f0ff #ffd23f #a0c4ff #7bd389 #57b36a #ff8c42 #e84855 #3d3d3d #fffdf7"),
      shading: "flat",
      outline: 5,
      backdrops: ["clouds"],
      steps: [
        { kind: "warp", amount: 7 },
        { kind: "hatch", spacing: 6, wash: 0.8 },
        { kind: "texture", texture: "paper", strength: 1.3 },
      ],
      sketchWash: 0.8,
    },
  },
  {
    keywords: ["gothic", "dark fantasy", "horror", "eerie", "haunted", "lovecraftian"],
    recipe: {
      palette: paletteOf("#150f1f #4a3a5c #d8d2c0 #2d2438 #221a2b #140f19 #6b5b7a #8b1e2d #0a070d #d8d2c0"),
      time: "night",
      backdrops: ["stars", "halo"],
      steps: [
        { kind: "texture", texture: "grain", strength: 0.55 },
        { kind: "vignette", strength: 0.85 },
      ],
      sketchWash: 0.35,
    },
  },
  {
    keywords: ["sumi-e", "sumi e", "chinese painting", "ink painting", "calligraphy"],
    recipe: {
      palette: paletteOf("#e8e2d0 #f3efe2 #b22222 #9c988d #6f6b62 #4a4740 #3a3833 #b22222 #161512 #f3efe2"),
      shading: "gradient",
      backdrops: [],
      steps: [
        { kind: "grey", contrast: 1.2 },
        { kind: "warp", amount: 5 },
        { kind: "texture", texture: "watercolor", strength: 1.1 },
      ],
      sketchWash: 0.1,
    },
  },
];

const TIME_WORDS: Record<"night" | "sunset", string[]> = {
  night: ["night", "midnight", "moon", "moonlit", "starry", "stars", "nocturnal", "dark"],
  sunset: ["sunset", "sunrise", "dusk", "dawn", "evening", "golden hour", "twilight", "autumn", "fall"],
};

const phrasePatterns = new Map<string, RegExp>();

/** Where `phrase` occurs in `text` as whole words (-1 if absent); used to rank keyword matches. */
function containsPhrase(text: string, phrase: string): number {
  let pattern = phrasePatterns.get(phrase);
  if (!pattern) {
    pattern = new RegExp(`(^|[^a-z0-9])${phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z0-9])`);
    phrasePatterns.set(phrase, pattern);
  }
  const match = pattern.exec(text);
  return match ? match.index : -1;
}

function normaliseText(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/\s+/g, " ").trim();
}

function recipeForPhrase(stylePhrase: string): StyleRecipe {
  const phrase = normaliseText(stylePhrase);
  const matches: Array<{ at: number; recipe: RecipeSeed; keyword: string }> = [];
  for (const entry of STYLE_RECIPES) {
    let best: { at: number; keyword: string } | undefined;
    for (const keyword of entry.keywords) {
      const at = containsPhrase(phrase, keyword);
      if (at >= 0 && (!best || at < best.at)) best = { at, keyword };
    }
    if (best) matches.push({ ...best, recipe: entry.recipe });
  }
  matches.sort((a, b) => a.at - b.at);
  const [primary, ...others] = matches;
  if (!primary) return inventRecipe(phrase);

  const recipe = completeRecipe(primary.recipe);
  // Later keywords lend their pixel passes but not their backdrops, whose frames would collide.
  for (const other of others) {
    for (const step of other.recipe.steps ?? []) {
      if (!recipe.steps.some((existing) => existing.kind === step.kind)) recipe.steps.push({ ...step });
    }
  }
  // A phrase with words beyond its keyword gets a small, stable twist so near-synonyms still differ.
  if (phrase !== primary.keyword) {
    const twist = new Rng(hashText(phrase));
    const degrees = twist.range(-16, 16);
    recipe.palette = mapPalette(recipe.palette, (colour) => rotateHue(colour, degrees));
  }
  const colourWord = COLOUR_WORDS.find(([word]) => containsPhrase(phrase, word) >= 0);
  if (colourWord) recipe.palette = tintPalette(recipe.palette, colourWord[1]);
  return recipe;
}

const COLOUR_WORDS: Array<[string, string]> = [
  ["red", "#d62828"],
  ["crimson", "#b3122e"],
  ["orange", "#f77f00"],
  ["golden", "#e0a526"],
  ["gold", "#e0a526"],
  ["yellow", "#f6d743"],
  ["green", "#2a9d4f"],
  ["emerald", "#1f8a5b"],
  ["teal", "#1a9c9c"],
  ["blue", "#2563eb"],
  ["navy", "#1d2d5c"],
  ["purple", "#7b2cbf"],
  ["violet", "#7b2cbf"],
  ["pink", "#f06fa4"],
];

function mapPalette(palette: Palette, change: (colour: string) => string): Palette {
  return Object.fromEntries(PALETTE_ORDER.map((key) => [key, change(palette[key])])) as unknown as Palette;
}

function tintPalette(palette: Palette, tint: string): Palette {
  return {
    ...palette,
    skyTop: mixHex(palette.skyTop, tint, 0.3),
    skyBottom: mixHex(palette.skyBottom, tint, 0.15),
    main: mixHex(palette.main, tint, 0.65),
    accent: mixHex(palette.accent, tint, 0.35),
  };
}

function completeRecipe(seed: RecipeSeed): StyleRecipe {
  return {
    palette: { ...seed.palette },
    time: seed.time,
    shading: seed.shading ?? "gradient",
    outline: seed.outline ?? 0,
    backdrops: [...(seed.backdrops ?? ["clouds"])],
    layout: seed.layout ?? "landscape",
    steps: (seed.steps ?? []).map((step) => ({ ...step })),
    sketchWash: seed.sketchWash ?? 0.5,
    pixelPalette: seed.pixelPalette,
  };
}

/** Unknown phrases still get a distinct, stable look: every choice is drawn from the phrase hash. */
function inventRecipe(phrase: string): StyleRecipe {
  const rng = new Rng(hashText(`style:${phrase}`));
  const hue = rng.range(0, 360);
  const scheme = rng.pick([30, 150, 180, 210, 120]);
  const dark = rng.chance(0.25);
  const saturation = rng.range(0.35, 0.8);
  const skyTop = dark ? hslHex(hue + 200, saturation * 0.6, 0.12) : hslHex(hue + 190, saturation * 0.7, rng.range(0.45, 0.7));
  const skyBottom = dark ? hslHex(hue + 250, saturation, 0.3) : hslHex(hue + 20, saturation * 0.8, rng.range(0.78, 0.9));
  const palette: Palette = {
    skyTop,
    skyBottom,
    sun: hslHex(hue + 40, 0.9, dark ? 0.75 : 0.68),
    far: hslHex(hue + 200, saturation * 0.4, dark ? 0.22 : 0.62),
    near: hslHex(hue + scheme, saturation * 0.7, dark ? 0.16 : 0.48),
    ground: hslHex(hue + scheme, saturation * 0.6, dark ? 0.1 : 0.35),
    main: hslHex(hue, saturation + 0.15, 0.55),
    accent: hslHex(hue + scheme + 30, saturation + 0.1, 0.5),
    ink: dark ? hslHex(hue, 0.3, 0.9) : hslHex(hue + 200, 0.4, 0.15),
    paper: dark ? hslHex(hue + 220, 0.4, 0.1) : hslHex(hue + 30, 0.35, 0.94),
  };
  const stepMenu: RasterStep[][] = [
    [{ kind: "brush", size: rng.range(0.7, 1.4), swirl: rng.range(0, 1) }, { kind: "texture", texture: "canvas", strength: 0.4 }],
    [{ kind: "posterize", levels: rng.int(3, 7) }, { kind: "texture", texture: "paper", strength: 0.6 }],
    [{ kind: "facets", cell: rng.int(48, 110), relief: rng.range(0.1, 0.25) }],
    [{ kind: "tiles", tile: rng.int(14, 26), grout: hslHex(hue, 0.1, 0.85) }],
    [{ kind: "cells", cell: rng.int(50, 90), lead: "#151515" }],
    [{ kind: "halftone", cell: rng.int(10, 18), ink: palette.ink }],
    [{ kind: "warp", amount: rng.range(4, 9) }, { kind: "texture", texture: "watercolor", strength: 0.8 }],
    [{ kind: "bloom", strength: 0.7 }, { kind: "scanlines", strength: 0.15 }],
    [{ kind: "hatch", spacing: rng.int(7, 12), wash: rng.range(0.5, 0.9) }, { kind: "texture", texture: "paper", strength: 0.7 }],
    [{ kind: "stitch", cells: rng.int(48, 72) }],
    [{ kind: "blur", sigma: 1.5 }, { kind: "texture", texture: "clay", strength: 0.7 }],
  ];
  const backdropMenu: Backdrop[] = ["clouds", "sunburst", "halftoneSky", "swirls", "halo", "cloudBands", "stars", "bauhausShapes"];
  const backdrops = [rng.pick(backdropMenu)];
  if (rng.chance(0.4)) backdrops.push(rng.pick(backdropMenu));
  const steps = [...rng.pick(stepMenu)];
  if (rng.chance(0.35)) steps.push({ kind: "vignette", strength: rng.range(0.3, 0.7) });
  return {
    palette,
    time: dark ? "night" : rng.pick<TimeOfDay | undefined>([undefined, undefined, "sunset"]),
    shading: rng.pick<Shading>(["flat", "gradient", "gradient", "clay"]),
    outline: rng.pick([0, 0, 3, 6]),
    backdrops,
    layout: rng.pick<Layout>(["landscape", "landscape", "poster", "isometric"]),
    steps,
    sketchWash: rng.range(0.2, 0.8),
  };
}

// ---------------------------------------------------------------------------------------------
// Scene planning: the prompt picks the subject and setting; its hash places them.

type TimeOfDay = "day" | "sunset" | "night";
type Setting = "meadow" | "sea" | "city" | "forest" | "desert" | "snow" | "space";
type SubjectKind =
  | "fox" | "cat" | "owl" | "robot" | "astronaut" | "lighthouse" | "mountain" | "city" | "tree" | "ship"
  | "house" | "castle" | "whale" | "flower" | "balloon" | "car" | "planet" | "person" | "cup" | "arch" | "orbs";

const SUBJECT_WORDS: Array<[SubjectKind, string[]]> = [
  ["fox", ["fox", "foxes", "wolf", "dog", "puppy", "deer"]],
  ["cat", ["cat", "cats", "kitten", "kitty", "tiger", "lion"]],
  ["owl", ["owl", "bird", "birds", "eagle", "parrot", "crow", "raven", "penguin"]],
  ["robot", ["robot", "robots", "android", "mech", "cyborg", "machine"]],
  ["astronaut", ["astronaut", "spaceman", "cosmonaut", "space suit"]],
  ["lighthouse", ["lighthouse", "beacon"]],
  ["castle", ["castle", "palace", "fortress", "temple", "cathedral", "tower"]],
  ["house", ["house", "cottage", "cabin", "home", "hut", "village", "farm", "barn"]],
  ["ship", ["ship", "boat", "sailboat", "yacht", "pirate", "sailing"]],
  ["whale", ["whale", "fish", "koi", "dolphin", "shark"]],
  ["balloon", ["balloon", "hot air balloon", "airship", "zeppelin"]],
  ["car", ["car", "cars", "truck", "van", "bus", "vehicle", "taxi"]],
  ["planet", ["planet", "saturn", "galaxy", "cosmos", "universe", "nebula"]],
  ["cup", ["coffee", "cup", "tea", "mug", "latte", "teapot"]],
  ["flower", ["flower", "flowers", "rose", "roses", "tulip", "sunflower", "bouquet", "garden", "lotus", "daisy"]],
  ["person", ["woman", "man", "girl", "boy", "person", "portrait", "lady", "wizard", "witch", "knight", "samurai", "queen", "king", "child", "face"]],
  ["tree", ["tree", "trees", "oak", "bonsai", "willow", "sakura", "cherry blossom", "forest", "woods", "jungle"]],
  ["city", ["city", "skyline", "metropolis", "street", "downtown", "tokyo", "new york", "skyscraper", "skyscrapers", "town"]],
  ["mountain", ["mountain", "mountains", "peak", "alps", "volcano", "summit", "valley", "canyon", "landscape"]],
];

const SETTING_WORDS: Array<[Setting, string[]]> = [
  ["space", ["space", "outer space", "galaxy", "cosmos", "nebula", "orbit", "asteroid"]],
  ["sea", ["sea", "ocean", "lake", "river", "beach", "harbor", "harbour", "coast", "island", "waves", "underwater", "bay", "pond"]],
  ["city", ["city", "street", "skyline", "urban", "downtown", "alley", "rooftop", "metropolis"]],
  ["forest", ["forest", "woods", "jungle", "woodland", "grove"]],
  ["desert", ["desert", "dunes", "sand", "sahara", "canyon", "mars"]],
  ["snow", ["snow", "snowy", "winter", "ice", "arctic", "frozen", "glacier", "tundra"]],
];

const SUBJECT_HOME: Record<SubjectKind, Setting> = {
  fox: "meadow", cat: "meadow", owl: "forest", robot: "city", astronaut: "space", lighthouse: "sea",
  mountain: "meadow", city: "city", tree: "meadow", ship: "sea", house: "meadow", castle: "meadow",
  whale: "sea", flower: "meadow", balloon: "meadow", car: "city", planet: "space", person: "meadow",
  cup: "meadow", arch: "desert", orbs: "meadow",
};

interface Scene {
  subject: SubjectKind;
  setting: Setting;
  time: TimeOfDay;
  weather: "clear" | "rain" | "snow" | "fog";
  /** Trees behind the subject, when the prompt asks for woods in another setting (a snowy forest). */
  woods: boolean;
  /** A potted plant beside the subject ("a robot watering a houseplant"). */
  pottedPlant: boolean;
  /** Horizontal offset of the subject from centre, as a fraction of the canvas. */
  offsetX: number;
  horizon: number;
  sunX: number;
  sunY: number;
  seed: number;
}

/**
 * Every random draw happens unconditionally and in a fixed order, so one prompt keeps the same
 * composition across all styles and models, as a matrix row should.
 */
function planScene(basePrompt: string, recipe: StyleRecipe): Scene {
  const prompt = normaliseText(basePrompt);
  const seed = hashText(`scene:${prompt}`);
  const rng = new Rng(seed);
  const fallbackSubject = rng.pick<SubjectKind>(["arch", "orbs"]);
  const fallbackTime = rng.pick<TimeOfDay>(["day", "day", "sunset"]);
  const offCentre = rng.pick([-0.16, -0.1, 0.1, 0.16]);
  const sunSide = rng.pick([0.24, 0.76]);
  const horizon = rng.range(0.56, 0.66);
  const sunY = rng.range(0.2, 0.32);
  const mentions = (words: string[]) => words.some((word) => containsPhrase(prompt, word) >= 0);
  const firstMatch = <T>(table: Array<[T, string[]]>): T | undefined => {
    let best: { at: number; value: T } | undefined;
    for (const [value, words] of table) {
      for (const word of words) {
        const at = containsPhrase(prompt, word);
        if (at >= 0 && (!best || at < best.at)) best = { at, value };
      }
    }
    return best?.value;
  };

  const subject = firstMatch(SUBJECT_WORDS) ?? fallbackSubject;
  let setting = firstMatch(SETTING_WORDS) ?? SUBJECT_HOME[subject];
  if (subject === "ship" || subject === "whale") setting = "sea";
  if (subject === "planet") setting = "space";
  const promptTime = (["night", "sunset"] as const).find((time) => mentions(TIME_WORDS[time]));
  let weather: Scene["weather"] = "clear";
  if (mentions(["rain", "rainy", "raining", "storm"])) weather = "rain";
  else if (setting === "snow") weather = "snow";
  else if (mentions(["fog", "foggy", "mist", "misty"])) weather = "fog";
  const centred = recipe.layout !== "landscape" || subject === "city" || subject === "mountain" || subject === "planet";
  const offsetX = centred ? 0 : offCentre;
  return {
    subject,
    setting,
    time: promptTime ?? recipe.time ?? fallbackTime,
    weather,
    woods: setting !== "forest" && mentions(["forest", "woods", "woodland", "pines", "trees"]),
    pottedPlant: subject !== "flower" && subject !== "tree" && mentions(["plant", "houseplant", "potted plant", "plants", "fern", "cactus", "pot"]),
    offsetX,
    horizon,
    sunX: offsetX === 0 ? sunSide : 0.5 - offsetX * 2.1,
    sunY,
    seed,
  };
}

// ---------------------------------------------------------------------------------------------
// Subjects: recognisable silhouettes in a 200×200 box standing on y = 200, parts tagged by tone.

type Tone = "main" | "shade" | "light" | "accent" | "dark" | "glow" | "skin";
interface Part {
  d: string;
  tone: Tone;
  opacity?: number;
  /** Stroke-only part (whiskers, ropes, rays) with this width in box units. */
  line?: number;
  /** Parts that are light or effects rather than body get no outline. */
  bare?: boolean;
  transform?: string;
  /** Drawn only at dusk or night (a lighthouse's beams). */
  afterDark?: boolean;
}
interface SubjectShape {
  parts: Part[];
  /** Height of the 200-unit box as a fraction of the canvas. */
  scale: number;
  floats?: boolean;
}

/** SVG coordinates to one decimal: plenty at 1024 units, and it keeps the markup small. */
const svgNumber = (value: number) => (Math.round(value * 10) / 10).toString();

function circle(cx: number, cy: number, r: number): string {
  return ellipse(cx, cy, r, r);
}

function ellipse(cx: number, cy: number, rx: number, ry: number): string {
  return `M${svgNumber(cx - rx)} ${svgNumber(cy)}a${svgNumber(rx)} ${svgNumber(ry)} 0 1 0 ${svgNumber(rx * 2)} 0a${svgNumber(rx)} ${svgNumber(ry)} 0 1 0 ${svgNumber(-rx * 2)} 0Z`;
}

function rect(x: number, y: number, w: number, h: number, r = 0): string {
  if (r <= 0) return `M${svgNumber(x)} ${svgNumber(y)}h${svgNumber(w)}v${svgNumber(h)}h${svgNumber(-w)}Z`;
  return `M${svgNumber(x + r)} ${svgNumber(y)}h${svgNumber(w - 2 * r)}a${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(r)} ${svgNumber(r)}v${svgNumber(h - 2 * r)}a${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(-r)} ${svgNumber(r)}h${svgNumber(-(w - 2 * r))}a${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(-r)} ${svgNumber(-r)}v${svgNumber(-(h - 2 * r))}a${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(r)} ${svgNumber(-r)}Z`;
}

function polygon(points: Array<[number, number]>): string {
  return `M${points.map(([x, y]) => `${svgNumber(x)} ${svgNumber(y)}`).join("L")}Z`;
}

function drawSubject(kind: SubjectKind, rng: Rng): SubjectShape {
  switch (kind) {
    case "fox":
      return {
        scale: 0.52,
        parts: [
          { d: "M70 196C30 200 8 176 12 146C16 120 36 108 50 118C40 132 40 160 62 176C72 184 84 186 96 188Z", tone: "main" },
          { d: "M12 146C16 120 36 108 50 118C42 124 38 132 36 140C28 146 18 148 12 146Z", tone: "light" },
          { d: "M64 198C58 160 70 120 100 104C118 96 136 104 140 130C146 160 146 184 142 198Z", tone: "main" },
          { d: "M100 110C102 92 112 84 130 84C140 86 146 96 142 114Z", tone: "main", bare: true },
          { d: "M118 100C136 108 142 134 136 168C126 150 118 128 112 104Z", tone: "light" },
          { d: "M114 164L112 198H124L126 164Z", tone: "dark" },
          { d: "M130 160L132 198H143L141 156Z", tone: "dark" },
          { d: "M102 62L104 20L128 48Z", tone: "main" },
          { d: "M120 50L140 18L148 58Z", tone: "main" },
          { d: "M108 32L110 54L122 48Z", tone: "dark" },
          { d: "M139 30L135 52L145 56Z", tone: "dark" },
          { d: "M98 70C98 52 112 44 130 46C144 48 150 56 156 62L184 76C186 80 184 84 178 86L150 92C140 100 118 102 106 94C100 88 98 80 98 70Z", tone: "main" },
          { d: "M120 92C134 96 156 94 174 87C164 95 150 99 138 100C128 100 122 97 120 92Z", tone: "light" },
          { d: circle(182, 79, 4.5), tone: "dark" },
          { d: "M136 64Q142 58 149 63Q142 68 136 64Z", tone: "dark" },
        ],
      };
    case "cat":
      return {
        scale: 0.5,
        parts: [
          { d: "M132 192C176 194 186 150 168 126C162 120 154 126 160 134C172 152 164 180 128 182Z", tone: "main" },
          { d: "M58 198C52 158 64 118 100 110C136 118 148 158 142 198Z", tone: "main" },
          { d: "M84 198C80 168 88 142 100 136C112 142 120 168 116 198Z", tone: "light" },
          { d: "M66 92C62 72 66 54 70 36L90 56C96 54 104 54 110 56L130 36C134 54 138 72 134 92C130 116 70 116 66 92Z", tone: "main" },
          { d: "M74 48L86 60L76 68Z", tone: "accent" },
          { d: "M126 48L114 60L124 68Z", tone: "accent" },
          { d: ellipse(86, 84, 7, 8), tone: "glow", bare: true },
          { d: ellipse(114, 84, 7, 8), tone: "glow", bare: true },
          { d: ellipse(86, 84, 2.2, 6.5), tone: "dark" },
          { d: ellipse(114, 84, 2.2, 6.5), tone: "dark" },
          { d: "M95 96H105L100 102Z", tone: "accent" },
          { d: "M94 102L62 98M94 104L62 108M106 102L138 98M106 104L138 108", tone: "dark", line: 1.5, bare: true },
          { d: ellipse(86, 196, 10, 5), tone: "light" },
          { d: ellipse(114, 196, 10, 5), tone: "light" },
        ],
      };
    case "owl":
      return {
        scale: 0.46,
        parts: [
          { d: "M10 196H190V204H10Z", tone: "dark" },
          { d: "M100 40C146 40 160 100 156 140C152 180 130 196 100 196C70 196 48 180 44 140C40 100 54 40 100 40Z", tone: "main" },
          { d: "M64 58L54 22L86 46Z", tone: "main" },
          { d: "M136 58L146 22L114 46Z", tone: "main" },
          { d: "M48 108C34 140 44 180 72 192C66 160 62 130 48 108Z", tone: "shade" },
          { d: "M152 108C166 140 156 180 128 192C134 160 138 130 152 108Z", tone: "shade" },
          { d: ellipse(100, 148, 32, 38), tone: "light" },
          { d: "M84 136Q92 142 100 136Q108 142 116 136M80 154Q90 160 100 154Q110 160 120 154M86 172Q94 178 100 172Q106 178 114 172", tone: "shade", line: 2.5, bare: true },
          { d: circle(78, 86, 24), tone: "light" },
          { d: circle(122, 86, 24), tone: "light" },
          { d: circle(78, 86, 14), tone: "glow", bare: true },
          { d: circle(122, 86, 14), tone: "glow", bare: true },
          { d: circle(78, 86, 7), tone: "dark" },
          { d: circle(122, 86, 7), tone: "dark" },
          { d: "M93 102H107L100 118Z", tone: "accent" },
          { d: "M80 194l6-8 6 8M108 194l6-8 6 8", tone: "accent", line: 3, bare: true },
        ],
      };
    case "robot":
      return {
        scale: 0.48,
        parts: [
          { d: rect(72, 164, 18, 36, 3), tone: "dark" },
          { d: rect(110, 164, 18, 36, 3), tone: "dark" },
          { d: rect(36, 106, 16, 54, 7), tone: "shade" },
          { d: rect(148, 106, 16, 54, 7), tone: "shade" },
          { d: circle(44, 166, 10), tone: "dark" },
          { d: circle(156, 166, 10), tone: "dark" },
          { d: rect(54, 100, 92, 70, 12), tone: "main" },
          { d: rect(74, 114, 52, 32, 5), tone: "light" },
          { d: circle(88, 130, 5), tone: "accent", bare: true },
          { d: circle(100, 130, 5), tone: "glow", bare: true },
          { d: circle(112, 130, 5), tone: "accent", bare: true },
          { d: rect(92, 88, 16, 14), tone: "dark" },
          { d: rect(60, 38, 80, 54, 14), tone: "main" },
          { d: rect(70, 52, 60, 26, 12), tone: "dark" },
          { d: circle(87, 65, 7), tone: "glow", bare: true },
          { d: circle(113, 65, 7), tone: "glow", bare: true },
          { d: circle(58, 65, 7), tone: "shade" },
          { d: circle(142, 65, 7), tone: "shade" },
          { d: "M100 38V18", tone: "dark", line: 3, bare: true },
          { d: circle(100, 16, 7), tone: "accent" },
        ],
      };
    case "astronaut":
      return {
        scale: 0.46,
        floats: true,
        parts: [
          { d: rect(58, 92, 84, 62, 16), tone: "shade" },
          { d: rect(40, 102, 22, 58, 10), tone: "light" },
          { d: rect(138, 88, 22, 50, 10), tone: "light" },
          { d: rect(66, 96, 68, 74, 18), tone: "light" },
          { d: rect(70, 160, 24, 38, 9), tone: "light" },
          { d: rect(106, 160, 24, 38, 9), tone: "light" },
          { d: rect(84, 116, 32, 20, 4), tone: "accent" },
          { d: circle(100, 58, 40), tone: "light" },
          { d: ellipse(100, 60, 29, 24), tone: "dark" },
          { d: "M82 52C86 44 96 40 104 42C94 46 88 50 84 58Z", tone: "glow", bare: true, opacity: 0.85 },
          { d: "M150 88V40", tone: "dark", line: 2.5, bare: true },
          { d: "M150 40H184V60H150Z", tone: "accent" },
        ],
      };
    case "lighthouse": {
      const towerLeft = (y: number) => 80 + ((180 - y) / 110) * 8;
      const band = (top: number, bottom: number): string =>
        polygon([[towerLeft(top), top], [200 - towerLeft(top), top], [200 - towerLeft(bottom), bottom], [towerLeft(bottom), bottom]]);
      return {
        scale: 0.6,
        parts: [
          { d: "M100 51L-80 30L-80 72Z", tone: "glow", opacity: 0.24, bare: true, afterDark: true },
          { d: "M100 51L280 30L280 72Z", tone: "glow", opacity: 0.24, bare: true, afterDark: true },
          { d: "M24 200C30 178 52 170 72 174L128 172C150 170 170 182 178 200Z", tone: "dark" },
          { d: polygon([[80, 180], [88, 70], [112, 70], [120, 180]]), tone: "light" },
          { d: band(82, 100), tone: "accent" },
          { d: band(120, 140), tone: "accent" },
          { d: band(160, 180), tone: "accent" },
          { d: rect(76, 62, 48, 9, 2), tone: "dark" },
          { d: rect(88, 40, 24, 22), tone: "glow" },
          { d: "M84 41L100 22L116 41Z", tone: "dark" },
          { d: rect(95, 160, 10, 20, 4), tone: "dark" },
        ],
      };
    }
    case "mountain":
      return {
        scale: 0.62,
        parts: [
          { d: "M-60 200L40 80L70 112L112 34L230 200Z", tone: "shade" },
          { d: "M112 34L230 200H128L140 120Z", tone: "dark", opacity: 0.35, bare: true },
          { d: "M112 34L136 74L124 70L116 84L104 66L94 72Z", tone: "light" },
          { d: "M40 80L56 100L48 98L40 108L32 96L28 94Z", tone: "light" },
        ],
      };
    case "city": {
      const parts: Part[] = [];
      const buildings = 7;
      let x = -10;
      for (let i = 0; i < buildings; i++) {
        const width = rng.range(22, 36);
        const height = i === 3 ? 170 : rng.range(70, 150);
        const top = 200 - height;
        const tone: Tone = i % 2 === 0 ? "main" : "shade";
        parts.push({ d: rect(x, top, width, height), tone });
        if (i === 3) parts.push({ d: polygon([[x + width / 2 - 2, top - 28], [x + width / 2 + 2, top - 28], [x + width / 2 + 4, top], [x + width / 2 - 4, top]]), tone: "dark" });
        else if (rng.chance(0.4)) parts.push({ d: polygon([[x, top], [x + width / 2, top - width * 0.45], [x + width, top]]), tone: "dark" });
        const windowRows = Math.floor((height - 14) / 12);
        let windows = "";
        for (let row = 0; row < windowRows; row++) {
          for (let col = 0; col < 3; col++) {
            if (rng.chance(0.62)) windows += rect(x + 4 + col * ((width - 8) / 3), top + 8 + row * 12, (width - 8) / 3 - 3, 6);
          }
        }
        if (windows) parts.push({ d: windows, tone: "glow", bare: true });
        x += width + rng.range(1, 6);
      }
      return { scale: 0.64, parts };
    }
    case "tree":
      return {
        scale: 0.6,
        parts: [
          { d: "M90 200L94 128L76 108L82 104L97 118L98 92H104L104 116L120 100L126 106L108 130L112 200Z", tone: "dark" },
          { d: circle(100, 92, 32), tone: "shade" },
          { d: circle(62, 96, 32), tone: "shade" },
          { d: circle(138, 96, 32), tone: "shade" },
          { d: circle(82, 58, 34), tone: "main" },
          { d: circle(122, 60, 32), tone: "main" },
          { d: circle(102, 34, 30), tone: "main" },
          { d: circle(64, 84, 22), tone: "main" },
          { d: circle(140, 84, 22), tone: "main" },
          { d: circle(92, 30, 12), tone: "light", bare: true, opacity: 0.8 },
          { d: circle(70, 52, 10), tone: "light", bare: true, opacity: 0.8 },
          { d: circle(118, 50, 9), tone: "light", bare: true, opacity: 0.8 },
          { d: circle(76, 74, 5), tone: "accent", bare: true },
          { d: circle(128, 78, 5), tone: "accent", bare: true },
          { d: circle(106, 56, 5), tone: "accent", bare: true },
        ],
      };
    case "ship":
      return {
        scale: 0.5,
        parts: [
          { d: rect(97, 28, 5, 136), tone: "dark" },
          { d: "M105 34V150H166C156 108 134 62 105 34Z", tone: "light" },
          { d: "M94 46V150H40C52 112 72 74 94 46Z", tone: "light" },
          { d: "M105 34C120 60 132 96 136 150H150C146 104 128 62 105 34Z", tone: "shade", opacity: 0.35, bare: true },
          { d: "M102 28L124 21L102 14Z", tone: "accent" },
          { d: "M22 156H178L156 192H46Z", tone: "main" },
          { d: "M26 162H174L170 170H31Z", tone: "accent" },
          { d: circle(70, 178, 4), tone: "light" },
          { d: circle(100, 178, 4), tone: "light" },
          { d: circle(130, 178, 4), tone: "light" },
        ],
      };
    case "house":
      return {
        scale: 0.54,
        parts: [
          { d: "M66 46C60 34 74 26 80 34C84 22 100 24 98 36", tone: "light", line: 6, bare: true, opacity: 0.55 },
          { d: rect(126, 52, 16, 48), tone: "shade" },
          { d: rect(42, 108, 116, 92), tone: "main" },
          { d: "M30 116L100 52L170 116Z", tone: "accent" },
          { d: "M100 52L170 116H156L100 66Z", tone: "dark", opacity: 0.25, bare: true },
          { d: "M88 200V162C88 150 112 150 112 162V200Z", tone: "dark" },
          { d: rect(56, 128, 24, 24), tone: "glow" },
          { d: rect(120, 128, 24, 24), tone: "glow" },
          { d: "M68 128V152M56 140H80M132 128V152M120 140H144", tone: "dark", line: 2.5, bare: true },
          { d: circle(107, 180, 2.5), tone: "glow", bare: true },
        ],
      };
    case "castle": {
      const crenels = (x: number, y: number, w: number) => {
        const teeth: string[] = [];
        const count = Math.max(2, Math.floor(w / 10));
        const step = w / count;
        for (let i = 0; i < count; i += 2) teeth.push(rect(x + i * step, y - 8, step, 8));
        return teeth.join("");
      };
      return {
        scale: 0.56,
        parts: [
          { d: rect(60, 96, 80, 104), tone: "main" },
          { d: crenels(60, 96, 80), tone: "main" },
          { d: rect(26, 80, 38, 120), tone: "shade" },
          { d: rect(136, 80, 38, 120), tone: "shade" },
          { d: "M22 82L45 30L68 82Z", tone: "accent" },
          { d: "M132 82L155 30L178 82Z", tone: "accent" },
          { d: rect(88, 50, 24, 48), tone: "main" },
          { d: "M84 52L100 16L116 52Z", tone: "accent" },
          { d: "M100 16V2", tone: "dark", line: 2, bare: true },
          { d: "M100 2L116 7L100 12Z", tone: "accent" },
          { d: "M84 200V164C84 150 116 150 116 164V200Z", tone: "dark" },
          { d: rect(42, 110, 7, 16, 3) + rect(151, 110, 7, 16, 3) + rect(96, 66, 8, 16, 3) + rect(76, 118, 7, 14, 3) + rect(117, 118, 7, 14, 3), tone: "glow", bare: true },
        ],
      };
    }
    case "whale":
      return {
        scale: 0.5,
        parts: [
          { d: "M150 82C146 66 138 58 128 52M150 82C154 66 164 58 174 54", tone: "light", line: 4, bare: true, opacity: 0.8 },
          { d: "M24 126C10 112 6 96 0 82C12 86 20 94 26 106C30 94 36 84 48 78C40 96 34 112 32 128Z", tone: "main" },
          { d: "M26 124C40 88 104 72 150 94C174 106 182 124 170 136C144 158 64 162 26 124Z", tone: "main" },
          { d: "M40 132C74 152 142 152 170 136C146 160 84 162 40 132Z", tone: "light" },
          { d: "M104 138C98 156 84 166 72 170C82 156 88 146 90 138Z", tone: "shade" },
          { d: circle(148, 114, 4), tone: "dark" },
          { d: "M160 128Q166 132 172 128", tone: "dark", line: 2, bare: true },
        ],
      };
    case "flower":
      return {
        scale: 0.5,
        parts: [
          { d: "M97 200C95 168 101 140 98 104H104C106 140 100 170 104 200Z", tone: "shade" },
          { d: "M100 164C80 146 62 150 56 162C72 172 88 172 100 164Z", tone: "shade" },
          { d: "M101 144C118 126 138 128 144 140C128 152 112 152 101 144Z", tone: "shade" },
          ...Array.from({ length: 8 }, (_, i): Part => {
            const angle = (i / 8) * Math.PI * 2;
            const cx = 100 + Math.cos(angle) * 30;
            const cy = 76 + Math.sin(angle) * 30;
            return { d: ellipse(0, 0, 30, 15), tone: i % 2 === 0 ? "accent" : "main", transform: `translate(${svgNumber(cx)} ${svgNumber(cy)}) rotate(${svgNumber((angle * 180) / Math.PI)})` };
          }),
          { d: circle(100, 76, 20), tone: "glow" },
          { d: circle(95, 71, 6), tone: "light", bare: true, opacity: 0.7 },
        ],
      };
    case "balloon":
      return {
        scale: 0.52,
        floats: true,
        parts: [
          { d: "M88 150L90 166M112 150L110 166", tone: "dark", line: 2, bare: true },
          { d: "M100 16C146 16 166 52 160 88C154 118 120 138 112 150H88C80 138 46 118 40 88C34 52 54 16 100 16Z", tone: "main" },
          { d: "M100 16C116 38 120 110 106 150H94C80 110 84 38 100 16Z", tone: "accent" },
          { d: "M100 16C70 24 56 60 62 96C66 118 80 136 88 150C78 130 62 100 68 64C72 42 84 24 100 16Z", tone: "light", opacity: 0.7 },
          { d: rect(86, 164, 28, 22, 3), tone: "shade" },
        ],
      };
    case "car":
      return {
        scale: 0.36,
        parts: [
          { d: "M10 170L18 136C28 128 46 124 62 122L84 96C90 90 98 86 112 86H142C152 86 158 90 164 98L178 122C188 124 194 132 194 146V170Z", tone: "main" },
          { d: "M90 98L74 122H120V98Z", tone: "light" },
          { d: "M126 98V122H166L154 100Z", tone: "light" },
          { d: "M10 150H194V160H10Z", tone: "shade", opacity: 0.5, bare: true },
          { d: ellipse(186, 134, 7, 5), tone: "glow", bare: true },
          { d: circle(56, 170, 20), tone: "dark" },
          { d: circle(152, 170, 20), tone: "dark" },
          { d: circle(56, 170, 8), tone: "light" },
          { d: circle(152, 170, 8), tone: "light" },
        ],
      };
    case "planet":
      return {
        scale: 0.62,
        floats: true,
        parts: [
          { d: "M8 118C20 90 180 60 192 82", tone: "accent", line: 9, bare: true },
          { d: circle(100, 100, 58), tone: "main" },
          { d: "M44 88C70 96 130 92 156 80C158 86 158 90 158 94C130 106 70 110 43 102Z", tone: "shade", opacity: 0.6, bare: true },
          { d: "M48 124C76 130 126 128 150 118C146 128 140 136 134 142C110 148 80 148 62 142C56 136 52 130 48 124Z", tone: "shade", opacity: 0.5, bare: true },
          { d: "M192 82C204 104 40 150 8 118", tone: "accent", line: 9, bare: true },
          { d: circle(76, 74, 16), tone: "light", bare: true, opacity: 0.45 },
          { d: circle(176, 30, 11), tone: "light" },
        ],
      };
    case "person":
      return {
        scale: 0.62,
        parts: [
          { d: "M56 110C44 150 50 184 62 200H138C150 184 156 150 144 110Z", tone: "dark" },
          { d: "M26 200C30 164 58 148 100 148C142 148 170 164 174 200Z", tone: "main" },
          { d: "M86 148C88 166 112 166 114 148Z", tone: "skin" },
          { d: rect(88, 118, 24, 34, 8), tone: "skin" },
          { d: ellipse(100, 90, 32, 40), tone: "skin" },
          { d: "M66 96C58 50 84 38 102 40C128 40 144 58 134 98C130 80 122 66 100 64C84 64 72 76 66 96Z", tone: "dark" },
          { d: ellipse(88, 92, 4, 3), tone: "dark" },
          { d: ellipse(112, 92, 4, 3), tone: "dark" },
          { d: "M92 112Q100 118 108 112", tone: "accent", line: 3, bare: true },
          { d: "M100 94L97 104H102", tone: "shade", line: 2, bare: true },
          { d: circle(136, 154, 7), tone: "accent" },
        ],
      };
    case "cup":
      return {
        scale: 0.46,
        parts: [
          { d: "M84 96C74 80 94 70 86 54C80 42 90 34 96 30M112 96C102 80 122 70 114 54C108 42 118 34 124 30", tone: "light", line: 5, bare: true, opacity: 0.6 },
          { d: ellipse(100, 192, 72, 10), tone: "shade" },
          { d: "M140 128C172 124 176 168 136 166", tone: "main", line: 10 },
          { d: "M52 112H148L138 180C134 192 66 192 62 180Z", tone: "main" },
          { d: ellipse(100, 112, 48, 9), tone: "dark" },
          { d: "M56 136H144L142 148H58Z", tone: "accent" },
          { d: "M66 118L72 178", tone: "light", line: 4, bare: true, opacity: 0.6 },
        ],
      };
    case "arch":
      return {
        scale: 0.56,
        parts: [
          { d: "M40 200V108C40 54 160 54 160 108V200H130V112C130 82 70 82 70 112V200Z", tone: "main" },
          { d: "M130 200V112C130 82 70 82 70 112V120C74 96 126 96 126 120V200Z", tone: "shade", opacity: 0.5, bare: true },
          { d: circle(100, 172, 22), tone: "accent" },
          { d: circle(92, 164, 7), tone: "light", bare: true, opacity: 0.7 },
          { d: rect(20, 196, 160, 6), tone: "dark" },
        ],
      };
    case "orbs":
      return {
        scale: 0.54,
        parts: [
          { d: rect(76, 120, 48, 80, 4), tone: "shade" },
          { d: circle(100, 92, 32), tone: "main" },
          { d: circle(100, 42, 20), tone: "accent" },
          { d: circle(150, 178, 22), tone: "glow" },
          { d: circle(46, 184, 16), tone: "accent" },
          { d: circle(90, 82, 10), tone: "light", bare: true, opacity: 0.7 },
        ],
      };
  }
}

function pottedPlant(): Part[] {
  return [
    { d: "M100 128C92 96 70 70 40 62C62 92 78 116 96 132Z", tone: "shade" },
    { d: "M100 128C110 92 136 66 168 58C146 90 124 114 104 132Z", tone: "shade" },
    { d: "M98 130C84 100 84 60 100 26C116 60 116 100 102 130Z", tone: "main" },
    { d: "M100 130C84 110 58 104 30 112C56 124 80 132 98 134Z", tone: "main" },
    { d: "M100 130C118 110 144 104 172 110C146 124 122 132 102 134Z", tone: "main" },
    { d: "M60 130H140L130 200H70Z", tone: "accent" },
    { d: rect(54, 126, 92, 16, 4), tone: "accent" },
  ];
}

// ---------------------------------------------------------------------------------------------
// Scene SVG: sky, backdrops, land or sea, subject, weather. 'flat' drops gradients and glows so
// the sketch and pixel models get clean tone boundaries to work from.

type Look = "paint" | "flat";

interface SceneColours {
  skyTop: string;
  skyBottom: string;
  sun: string;
  far: string;
  near: string;
  ground: string;
  water: string;
  tones: Record<Tone, string>;
  ink: string;
}

function coloursFor(scene: Scene, palette: Palette): SceneColours {
  let { skyTop, skyBottom, sun, far, near, ground } = palette;
  const styleIsDark = luminanceOf(palette.skyTop) < 0.2;
  if (scene.time === "night" && !styleIsDark) {
    skyTop = mixHex(skyTop, "#0a1030", 0.78);
    skyBottom = mixHex(skyBottom, "#2a2f5c", 0.7);
    far = mixHex(far, "#1a1f3c", 0.6);
    near = mixHex(near, "#141a30", 0.55);
    ground = mixHex(ground, "#0e1222", 0.55);
    sun = mixHex(sun, "#f4f1de", 0.7);
  } else if (scene.time === "sunset" && !styleIsDark) {
    skyTop = mixHex(skyTop, "#5b4b9f", 0.22);
    skyBottom = mixHex(skyBottom, "#ffa060", 0.38);
    far = mixHex(far, "#8a5a7a", 0.15);
    sun = mixHex(sun, "#ff7b39", 0.35);
  }
  if (scene.setting === "snow") {
    near = mixHex(near, "#eef4fb", 0.6);
    ground = mixHex(ground, "#f4f8fc", 0.68);
  } else if (scene.setting === "city") {
    near = mixHex(near, "#6b6f78", 0.45);
    ground = mixHex(ground, "#4a4d55", 0.5);
  } else if (scene.setting === "desert") {
    near = mixHex(near, "#e0a96d", 0.6);
    ground = mixHex(ground, "#d08c4a", 0.6);
  }
  const main = palette.main;
  return {
    skyTop,
    skyBottom,
    sun,
    far,
    near,
    ground,
    water: mixHex(mixHex(skyTop, far, 0.5), palette.ink, 0.15),
    ink: palette.ink,
    tones: {
      main,
      shade: mixHex(main, palette.ink, 0.38),
      light: mixHex(main, "#ffffff", 0.62),
      accent: palette.accent,
      dark: mixHex(palette.ink, main, 0.12),
      glow: scene.time === "night" ? mixHex(sun, "#fff2a8", 0.4) : sun,
      skin: mixHex("#f0c29b", main, 0.18),
    },
  };
}

function buildSceneSvg(scene: Scene, recipe: StyleRecipe, look: Look, size: number): { full: string; subjectOnly: string } {
  const W = 1024;
  const rng = new Rng(scene.seed);
  const colours = coloursFor(scene, recipe.palette);
  const horizon = Math.round(W * (recipe.layout === "poster" ? 0.7 : scene.horizon));
  const sunX = W * scene.sunX;
  const sunY = W * scene.sunY;
  const sunR = recipe.backdrops.includes("stripedSun") ? 150 : scene.time === "night" ? 52 : 70;
  const defs: string[] = [];
  const back: string[] = [];
  const land: string[] = [];
  const front: string[] = [];
  const painted = look === "paint";

  defs.push(
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colours.skyTop}"/><stop offset="1" stop-color="${colours.skyBottom}"/></linearGradient>`,
  );
  back.push(`<rect width="${W}" height="${W}" fill="url(#sky)"/>`);

  const has = (backdrop: Backdrop) => recipe.backdrops.includes(backdrop);
  const isNight = scene.time === "night";

  if (has("halftoneSky")) {
    // Explicit dots rather than an SVG <pattern>: librsvg renders patterns an order of magnitude slower.
    let dots = "";
    const pitch = 24;
    for (let row = 0; row * pitch * 0.5 < horizon; row++) {
      const y = row * pitch * 0.5;
      const radius = 2 + (y / horizon) * 6;
      for (let x = (row % 2) * pitch * 0.5; x < W; x += pitch) dots += circle(x, y, radius);
    }
    back.push(`<path d="${dots}" fill="${mixHex(colours.skyTop, "#ffffff", 0.45)}" opacity="0.9"/>`);
  }
  if (has("sunburst")) {
    const rays: string[] = [];
    const count = 18;
    for (let i = 0; i < count; i++) {
      const a0 = (i / count) * Math.PI * 2;
      const a1 = a0 + Math.PI / count;
      rays.push(polygon([[sunX, sunY], [sunX + Math.cos(a0) * 1600, sunY + Math.sin(a0) * 1600], [sunX + Math.cos(a1) * 1600, sunY + Math.sin(a1) * 1600]]));
    }
    back.push(`<path d="${rays.join("")}" fill="${mixHex(colours.skyBottom, colours.sun, 0.35)}" opacity="0.45"/>`);
  }
  if (has("bauhausShapes")) {
    const { palette } = recipe;
    back.push(
      `<circle cx="${svgNumber(W * 0.5 + (scene.offsetX > 0 ? -180 : 180))}" cy="330" r="250" fill="${palette.sun}"/>`,
      `<rect x="${scene.offsetX > 0 ? 60 : 700}" y="90" width="250" height="90" fill="${palette.far}"/>`,
      `<path d="M${W} ${horizon}V${horizon - 260}A260 260 0 0 0 ${W - 260} ${horizon}Z" fill="${palette.near}"/>`,
      `<path d="M60 ${horizon - 40}L360 ${horizon - 340}" stroke="${palette.ink}" stroke-width="22"/>`,
    );
  }
  if (has("decoFan")) {
    const cx = W / 2;
    const rays: string[] = [];
    for (let i = 0; i <= 24; i++) {
      const a = Math.PI + (i / 24) * Math.PI;
      rays.push(`M${cx} ${horizon}L${svgNumber(cx + Math.cos(a) * 900)} ${svgNumber(horizon + Math.sin(a) * 900)}`);
    }
    back.push(`<path d="${rays.join("")}" stroke="${recipe.palette.accent}" stroke-width="2" opacity="0.35"/>`);
    for (let r = 140; r < 520; r += 60) {
      back.push(`<path d="M${cx - r} ${horizon}A${r} ${r} 0 0 1 ${cx + r} ${horizon}" fill="none" stroke="${recipe.palette.main}" stroke-width="${r === 140 ? 10 : 3}" opacity="0.8"/>`);
    }
  }
  if (has("halo")) {
    const cx = W / 2 + scene.offsetX * W;
    const cy = horizon - 250;
    back.push(`<circle cx="${svgNumber(cx)}" cy="${cy}" r="300" fill="${mixHex(colours.sun, colours.skyBottom, 0.35)}" opacity="0.85"/>`);
    back.push(`<circle cx="${svgNumber(cx)}" cy="${cy}" r="330" fill="none" stroke="${colours.sun}" stroke-width="10" opacity="0.7"/>`);
    back.push(`<circle cx="${svgNumber(cx)}" cy="${cy}" r="360" fill="none" stroke="${colours.sun}" stroke-width="3" opacity="0.6"/>`);
  }
  if (isNight || has("stars")) {
    let stars = "";
    const starRng = new Rng(scene.seed ^ 0x5bd1e995);
    for (let i = 0; i < 90; i++) {
      stars += circle(starRng.range(0, W), starRng.range(0, horizon * 0.85), starRng.range(1, 3.2));
    }
    back.push(`<path d="${stars}" fill="#fffbe6" opacity="0.85"/>`);
  }
  if (has("swirls")) {
    const strokes: string[] = [];
    const swirlRng = new Rng(scene.seed ^ 0x2545f491);
    for (let i = 0; i < 5; i++) {
      const cx = swirlRng.range(80, W - 80);
      const cy = swirlRng.range(80, horizon - 160);
      let d = "";
      for (let t = 0; t <= 40; t++) {
        const a = t * 0.38;
        const r = 8 + t * 2.6;
        d += `${t === 0 ? "M" : "L"}${svgNumber(cx + Math.cos(a) * r)} ${svgNumber(cy + Math.sin(a) * r * 0.7)}`;
      }
      strokes.push(d);
    }
    back.push(`<path d="${strokes.join("")}" fill="none" stroke="${mixHex(colours.skyTop, "#ffffff", 0.5)}" stroke-width="14" stroke-linecap="round" opacity="0.55"/>`);
  }

  if (scene.setting !== "space" || isNight) {
    if (has("stripedSun")) {
      defs.push(
        `<linearGradient id="sunfill" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colours.sun}"/><stop offset="1" stop-color="${recipe.palette.main}"/></linearGradient>`,
      );
      back.push(`<path d="${stripedDisc(sunX, sunY, sunR)}" fill="url(#sunfill)"/>`);
    } else {
      if (painted) {
        defs.push(
          `<radialGradient id="sunglow"><stop offset="0" stop-color="${colours.sun}" stop-opacity="0.75"/><stop offset="1" stop-color="${colours.sun}" stop-opacity="0"/></radialGradient>`,
        );
        back.push(`<circle cx="${svgNumber(sunX)}" cy="${svgNumber(sunY)}" r="${sunR * 3.2}" fill="url(#sunglow)"/>`);
      }
      const disc = isNight ? crescent(sunX, sunY, sunR) : circle(sunX, sunY, sunR);
      back.push(`<path d="${disc}" fill="${colours.sun}"/>`);
    }
  }

  if (has("clouds") && !isNight && scene.setting !== "space") {
    const cloudRng = new Rng(scene.seed ^ 0x68e31da4);
    let clouds = "";
    for (let i = 0; i < 3; i++) {
      const cx = cloudRng.range(60, W - 60);
      const cy = cloudRng.range(90, horizon * 0.55);
      const width = cloudRng.range(140, 240);
      clouds += ellipse(cx, cy, width / 2, width * 0.12);
      for (let j = 0; j < 3; j++) clouds += circle(cx - width * 0.25 + j * width * 0.25, cy - width * 0.08 - (j === 1 ? width * 0.06 : 0), width * (j === 1 ? 0.18 : 0.13));
    }
    back.push(`<path d="${clouds}" fill="${mixHex(colours.skyBottom, "#ffffff", 0.7)}" opacity="${painted ? 0.85 : 1}"/>`);
  }
  if (has("cloudBands")) {
    const bandRng = new Rng(scene.seed ^ 0x1b873593);
    let bands = "";
    for (let i = 0; i < 4; i++) {
      const y = bandRng.range(70, horizon - 140);
      const x = bandRng.range(-100, W - 300);
      bands += rect(x, y, bandRng.range(260, 520), 26, 13);
    }
    back.push(`<path d="${bands}" fill="${mixHex(recipe.palette.skyBottom, "#ffffff", 0.4)}" stroke="${recipe.palette.ink}" stroke-width="2" opacity="0.95"/>`);
  }

  // Two ridge layers give depth before the setting's own middle ground.
  if (scene.setting !== "space") {
    const farRidge = ridgePath(rng, horizon - 140, 120, W);
    const nearRidge = ridgePath(rng, horizon - 50, 60, W);
    if (painted && has("grid")) {
      land.push(`<path d="${farRidge}" fill="${colours.far}" stroke="${recipe.palette.accent}" stroke-width="3"/>`);
    } else {
      land.push(`<path d="${farRidge}" fill="${colours.far}"/>`);
    }
    if (scene.setting === "city" && scene.subject !== "city") {
      land.push(`<path d="${skylinePath(rng, horizon, W)}" fill="${mixHex(colours.far, colours.ink, 0.3)}"/>`);
      if (isNight) land.push(`<path d="${skylineWindows(rng, horizon, W)}" fill="${colours.tones.glow}" opacity="0.8"/>`);
    } else if (scene.setting === "forest") {
      land.push(`<path d="${pineRow(rng, horizon + 6, W, 38, 130)}" fill="${mixHex(colours.near, colours.ink, 0.25)}"/>`);
    } else if (scene.setting !== "sea") {
      land.push(`<path d="${nearRidge}" fill="${colours.near}"/>`);
    }
    if (scene.setting === "sea") {
      if (painted) {
        defs.push(`<linearGradient id="sea" gradientUnits="userSpaceOnUse" x1="0" y1="${horizon}" x2="0" y2="${W}"><stop offset="0" stop-color="${mixHex(colours.water, colours.skyBottom, 0.35)}"/><stop offset="1" stop-color="${mixHex(colours.water, colours.ink, 0.3)}"/></linearGradient>`);
      }
      land.push(`<rect y="${horizon}" width="${W}" height="${W - horizon}" fill="${painted ? "url(#sea)" : colours.water}"/>`);
      let glints = "";
      for (let i = 0; i < 14; i++) {
        const y = horizon + 10 + i * i * 2.6;
        const width = 30 + i * 9;
        glints += rect(sunX - width / 2 + rng.range(-20, 20), y, width, 3 + i * 0.4, 2);
      }
      land.push(`<path d="${glints}" fill="${colours.sun}" opacity="0.55"/>`);
      let waves = "";
      for (let i = 0; i < 26; i++) {
        const x = rng.range(0, W);
        const y = rng.range(horizon + 30, W);
        const w = 20 + (y - horizon) * 0.12;
        waves += `M${svgNumber(x)} ${svgNumber(y)}q${svgNumber(w / 2)} ${svgNumber(-w / 4)} ${svgNumber(w)} 0`;
      }
      land.push(`<path d="${waves}" fill="none" stroke="${mixHex(colours.water, "#ffffff", 0.45)}" stroke-width="4" stroke-linecap="round"/>`);
    } else {
      const groundTop = horizon + 10;
      if (painted) {
        defs.push(`<linearGradient id="ground" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${colours.near}"/><stop offset="1" stop-color="${colours.ground}"/></linearGradient>`);
      }
      land.push(`<path d="M0 ${groundTop}Q${W / 2} ${groundTop - 40} ${W} ${groundTop}V${W}H0Z" fill="${painted ? "url(#ground)" : colours.ground}"/>`);
      if (recipe.layout === "landscape") {
        if (scene.woods) land.push(`<path d="${pineRow(rng, horizon + 14, W, 50, 150)}" fill="${mixHex(colours.near, colours.ink, 0.3)}"/>`);
        if (scene.woods && scene.setting === "snow") land.push(`<path d="${pineRow(new Rng(scene.seed), horizon + 14, W, 50, 150, 0.35)}" fill="${mixHex(colours.ground, "#ffffff", 0.6)}"/>`);
        land.push(scene.setting === "city" ? streetDetails(scene, colours, horizon, W, painted) : groundDetails(scene, colours, horizon, W));
      }
      if (scene.setting === "desert") {
        land.push(`<path d="M0 ${horizon + 120}Q300 ${horizon + 40} 620 ${horizon + 140}T${W} ${horizon + 110}V${W}H0Z" fill="${mixHex(colours.ground, colours.sun, 0.2)}"/>`);
      }
    }
  } else {
    let stars = "";
    for (let i = 0; i < 40; i++) stars += circle(rng.range(0, W), rng.range(0, W), rng.range(1.5, 4));
    back.push(`<path d="${stars}" fill="#ffffff" opacity="0.8"/>`);
    back.push(`<circle cx="${svgNumber(W * 0.82)}" cy="${svgNumber(W * 0.2)}" r="180" fill="${colours.far}" opacity="0.35"/>`);
  }

  if (has("grid") && scene.setting !== "space") {
    const vanishX = W / 2;
    let grid = "";
    for (let i = -14; i <= 14; i++) grid += `M${vanishX} ${horizon}L${svgNumber(vanishX + i * 150)} ${W}`;
    for (let i = 1; i < 12; i++) {
      const y = horizon + (W - horizon) * Math.pow(i / 11, 2.1);
      grid += `M0 ${svgNumber(y)}H${W}`;
    }
    land.push(`<path d="${grid}" stroke="${recipe.palette.accent}" stroke-width="3" opacity="0.85"/>`);
  }
  if (recipe.layout === "isometric") {
    const cx = W / 2;
    const cy = horizon + 120;
    const rx = 330;
    const ry = 170;
    const depth = 70;
    land.push(
      `<path d="${polygon([[cx - rx, cy], [cx, cy + ry], [cx, cy + ry + depth], [cx - rx, cy + depth]])}" fill="${mixHex(colours.ground, colours.ink, 0.35)}"/>`,
      `<path d="${polygon([[cx + rx, cy], [cx, cy + ry], [cx, cy + ry + depth], [cx + rx, cy + depth]])}" fill="${mixHex(colours.ground, colours.ink, 0.55)}"/>`,
      `<path d="${polygon([[cx - rx, cy], [cx, cy - ry], [cx + rx, cy], [cx, cy + ry]])}" fill="${colours.near}"/>`,
    );
    let tiles = "";
    for (let i = 1; i < 6; i++) {
      const t = i / 6;
      tiles += `M${svgNumber(cx - rx + rx * t)} ${svgNumber(cy - ry * t)}L${svgNumber(cx + rx * t)} ${svgNumber(cy + ry - ry * t)}`;
      tiles += `M${svgNumber(cx + rx - rx * t)} ${svgNumber(cy - ry * t)}L${svgNumber(cx - rx * t)} ${svgNumber(cy + ry - ry * t)}`;
    }
    land.push(`<path d="${tiles}" stroke="${mixHex(colours.near, "#ffffff", 0.3)}" stroke-width="2"/>`);
  }

  const shape = drawSubject(scene.subject, new Rng(scene.seed ^ 0x85ebca6b));
  const boxSize = W * shape.scale * (recipe.layout === "isometric" ? 0.8 : 1);
  const scale = boxSize / 200;
  const centreX = W / 2 + scene.offsetX * W;
  let baseY: number;
  if (recipe.layout === "isometric") baseY = horizon + 150;
  else if (shape.floats) baseY = W * 0.5 + boxSize / 2;
  else if (scene.setting === "sea") baseY = horizon + (scene.subject === "whale" ? 240 : 200);
  else if (scene.subject === "city") baseY = horizon + 64;
  else baseY = Math.min(W - 40, horizon + (scene.subject === "mountain" ? 30 : 180));
  const originX = centreX - boxSize / 2;
  const originY = baseY - boxSize;

  if (!shape.floats && scene.setting !== "space" && recipe.layout !== "isometric") {
    if (scene.setting === "sea" && scene.subject !== "ship" && scene.subject !== "whale") {
      land.push(`<path d="M${svgNumber(centreX - boxSize * 0.75)} ${svgNumber(baseY + 30)}C${svgNumber(centreX - boxSize * 0.5)} ${svgNumber(baseY - 20)} ${svgNumber(centreX + boxSize * 0.5)} ${svgNumber(baseY - 20)} ${svgNumber(centreX + boxSize * 0.75)} ${svgNumber(baseY + 30)}Z" fill="${colours.ground}"/>`);
    }
    const afloat = scene.subject === "ship" || scene.subject === "whale";
    if (scene.subject !== "mountain" && scene.subject !== "city" && !afloat) {
      front.push(`<ellipse cx="${svgNumber(centreX)}" cy="${svgNumber(baseY)}" rx="${svgNumber(boxSize * 0.42)}" ry="${svgNumber(boxSize * 0.05)}" fill="${colours.ink}" opacity="0.25"/>`);
    }
  }
  const parts = scene.time === "day" ? shape.parts.filter((part) => !part.afterDark) : shape.parts;
  let subjectGroup = renderSubject(parts, colours, recipe, look, `translate(${svgNumber(originX)} ${svgNumber(originY)}) scale(${Math.round(scale * 10000) / 10000})`, scale, defs, "subject");
  if (scene.pottedPlant) {
    const plantScale = scale * 0.42;
    const towardsCentre = scene.offsetX > 0 ? -1 : 1;
    const plantX = centreX + towardsCentre * boxSize * 0.55 - 100 * plantScale;
    const plantColours = { ...colours, tones: { ...colours.tones, main: mixHex(colours.near, colours.tones.main, 0.15), shade: mixHex(colours.near, colours.ink, 0.35) } };
    subjectGroup += renderSubject(pottedPlant(), plantColours, recipe, look, `translate(${svgNumber(plantX)} ${svgNumber(baseY - 200 * plantScale)}) scale(${Math.round(plantScale * 10000) / 10000})`, plantScale, defs, "plant");
    front.push(`<ellipse cx="${svgNumber(plantX + 100 * plantScale)}" cy="${svgNumber(baseY)}" rx="${svgNumber(70 * plantScale)}" ry="${svgNumber(10 * plantScale)}" fill="${colours.ink}" opacity="0.25"/>`);
  }
  front.push(subjectGroup);
  if (scene.setting === "sea" && (scene.subject === "ship" || scene.subject === "whale") && recipe.layout !== "isometric") {
    // Water in front of the hull or belly seats the subject in the sea instead of on it.
    const waterline = originY + (scene.subject === "whale" ? 128 : 178) * scale;
    const left = originX - 30;
    const right = originX + boxSize + 30;
    let crest = `M${svgNumber(left)} ${svgNumber(W)}V${svgNumber(waterline)}`;
    for (let x = left; x < right; x += 40) crest += `q10 -9 20 0t20 0`;
    front.push(`<path d="${crest}V${W}Z" fill="${painted ? "url(#sea)" : colours.water}"/>`);
    front.push(`<path d="M${svgNumber(left + 20)} ${svgNumber(waterline + 4)}H${svgNumber(right - 20)}" stroke="${mixHex(colours.water, "#ffffff", 0.6)}" stroke-width="5" stroke-linecap="round" stroke-dasharray="40 22"/>`);
  }

  if (has("nouveauFrame")) {
    const ink = recipe.palette.ink;
    const gold = recipe.palette.sun;
    front.push(
      `<path d="M0 0H${W}V${W}H0ZM110 ${W - 60}V330C110 160 300 70 512 70C724 70 914 160 914 330V${W - 60}Z" fill="${recipe.palette.paper}" fill-rule="evenodd"/>`,
      `<path d="M110 ${W - 60}V330C110 160 300 70 512 70C724 70 914 160 914 330V${W - 60}Z" fill="none" stroke="${ink}" stroke-width="10"/>`,
      `<path d="M80 ${W - 30}V320C80 140 290 40 512 40C734 40 944 140 944 320V${W - 30}Z" fill="none" stroke="${gold}" stroke-width="6"/>`,
      `<path d="M40 ${W - 40}C90 800 20 620 80 520C120 460 60 400 40 340M${W - 40} ${W - 40}C${W - 90} 800 ${W - 20} 620 ${W - 80} 520C${W - 120} 460 ${W - 60} 400 ${W - 40} 340" fill="none" stroke="${recipe.palette.accent}" stroke-width="8" stroke-linecap="round"/>`,
      `<path d="${circle(60, 330, 16)}${circle(W - 60, 330, 16)}${circle(512, 22, 12)}" fill="${gold}" stroke="${ink}" stroke-width="4"/>`,
    );
  }
  if (has("decoFrame")) {
    const gold = recipe.palette.accent;
    front.push(
      `<path d="M30 30H${W - 30}V${W - 30}H30Z" fill="none" stroke="${recipe.palette.main}" stroke-width="8"/>`,
      `<path d="M52 52H${W - 52}V${W - 52}H52Z" fill="none" stroke="${gold}" stroke-width="2"/>`,
      `<path d="M30 130H130V30M${W - 30} 130H${W - 130}V30M30 ${W - 130}H130V${W - 30}M${W - 30} ${W - 130}H${W - 130}V${W - 30}" fill="none" stroke="${recipe.palette.main}" stroke-width="5"/>`,
      `<path d="M74 74h36v36h-36ZM${W - 110} 74h36v36h-36ZM74 ${W - 110}h36v36h-36ZM${W - 110} ${W - 110}h36v36h-36Z" fill="${recipe.palette.main}"/>`,
    );
  }
  if (has("posterBorder")) {
    const paper = recipe.palette.paper;
    front.push(
      `<path d="M0 0H${W}V${W}H0ZM44 44V${W - 120}H${W - 44}V44Z" fill="${paper}" fill-rule="evenodd"/>`,
      `<path d="M44 44H${W - 44}V${W - 120}H44Z" fill="none" stroke="${recipe.palette.ink}" stroke-width="4"/>`,
      `<path d="${rect(W / 2 - 180, W - 88, 360, 14, 7)}${rect(W / 2 - 110, W - 62, 220, 10, 5)}" fill="${recipe.palette.main}"/>`,
    );
  }
  if (has("blueprintGrid")) {
    defs.push(
      `<pattern id="bpgrid" width="64" height="64" patternUnits="userSpaceOnUse"><path d="M64 0H0V64" fill="none" stroke="${recipe.palette.ink}" stroke-width="1.5" opacity="0.35"/><path d="M32 0V64M0 32H64" stroke="${recipe.palette.ink}" stroke-width="0.8" opacity="0.2"/></pattern>`,
    );
    front.push(`<rect width="${W}" height="${W}" fill="url(#bpgrid)"/>`);
    const left = originX;
    const right = originX + boxSize;
    front.push(
      `<path d="M${svgNumber(left)} ${svgNumber(baseY + 50)}H${svgNumber(right)}M${svgNumber(left)} ${svgNumber(baseY + 36)}V${svgNumber(baseY + 64)}M${svgNumber(right)} ${svgNumber(baseY + 36)}V${svgNumber(baseY + 64)}M${svgNumber(right + 50)} ${svgNumber(originY)}V${svgNumber(baseY)}M${svgNumber(right + 36)} ${svgNumber(originY)}H${svgNumber(right + 64)}M${svgNumber(right + 36)} ${svgNumber(baseY)}H${svgNumber(right + 64)}" stroke="${recipe.palette.ink}" stroke-width="3"/>`,
      `<circle cx="${svgNumber(W - 150)}" cy="150" r="80" fill="none" stroke="${recipe.palette.ink}" stroke-width="3" stroke-dasharray="14 8"/>`,
      `<path d="M${W - 250} 150H${W - 50}M${W - 150} 50V250" stroke="${recipe.palette.ink}" stroke-width="1.5"/>`,
      `<path d="M40 40H${W - 40}V${W - 40}H40Z" fill="none" stroke="${recipe.palette.ink}" stroke-width="5"/>`,
    );
  }
  if (scene.weather === "rain" || has("rain")) {
    let rain = "";
    const rainRng = new Rng(scene.seed ^ 0x27d4eb2f);
    for (let i = 0; i < 160; i++) {
      const x = rainRng.range(-100, W);
      const y = rainRng.range(-40, W);
      const length = rainRng.range(30, 70);
      rain += `M${svgNumber(x)} ${svgNumber(y)}l${svgNumber(length * 0.3)} ${svgNumber(length)}`;
    }
    // Faint in the flat look: the sketch model turns every contrast edge into an ink line.
    front.push(`<path d="${rain}" stroke="${mixHex(colours.skyBottom, "#ffffff", 0.6)}" stroke-width="2" opacity="${painted ? 0.45 : 0.16}"/>`);
  }
  if (scene.weather === "snow") {
    let flakes = "";
    const snowRng = new Rng(scene.seed ^ 0x165667b1);
    for (let i = 0; i < 140; i++) flakes += circle(snowRng.range(0, W), snowRng.range(0, W), snowRng.range(2, 6));
    front.push(`<path d="${flakes}" fill="#ffffff" opacity="0.85"/>`);
  }
  if (scene.weather === "fog" && painted) {
    defs.push(`<linearGradient id="fog" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ffffff" stop-opacity="0"/><stop offset="0.6" stop-color="${colours.skyBottom}" stop-opacity="0.65"/><stop offset="1" stop-color="#ffffff" stop-opacity="0.1"/></linearGradient>`);
    front.push(`<rect y="${horizon - 200}" width="${W}" height="400" fill="url(#fog)"/>`);
  }
  if (has("blinds")) {
    let blinds = "";
    for (let i = 0; i < 9; i++) blinds += polygon([[-200 + i * 170, 0], [-120 + i * 170, 0], [280 + i * 170, W], [200 + i * 170, W]]);
    front.push(`<path d="${blinds}" fill="#ffffff" opacity="0.13"/>`);
  }

  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${W} ${W}"><defs>${defs.join("")}</defs>`;
  return {
    full: `${open}${back.join("")}${land.join("")}${front.join("")}</svg>`,
    subjectOnly: `${open}${subjectGroup}</svg>`,
  };
}

/** Mid-ground bushes and foreground grass and flowers, kept clear of the subject's footprint. */
function groundDetails(scene: Scene, colours: SceneColours, horizon: number, W: number): string {
  const rng = new Rng(scene.seed ^ 0x3c6ef372);
  const subjectX = W / 2 + scene.offsetX * W;
  const foliage = mixHex(colours.near, colours.ink, 0.28);
  let bushes = "";
  let trunks = "";
  const treeCount = scene.setting === "desert" ? 0 : rng.int(2, 5);
  for (let i = 0; i < treeCount; i++) {
    const x = rng.range(40, W - 40);
    if (Math.abs(x - subjectX) < 200) continue;
    const y = horizon + rng.range(8, 50);
    const size = 14 + (y - horizon) * 0.5;
    if (scene.setting === "snow" || scene.setting === "forest") {
      bushes += polygon([[x - size * 0.6, y], [x, y - size * 2.6], [x + size * 0.6, y]]);
    } else {
      trunks += rect(x - size * 0.1, y - size * 1.2, size * 0.2, size * 1.2);
      bushes += circle(x, y - size * 1.5, size) + circle(x - size * 0.6, y - size * 1.1, size * 0.7) + circle(x + size * 0.6, y - size * 1.1, size * 0.7);
    }
  }
  let tufts = "";
  let flowers = "";
  for (let i = 0; i < 46; i++) {
    const y = rng.range(horizon + 90, W - 10);
    const x = rng.range(0, W);
    const depth = (y - horizon) / (W - horizon);
    const h = 10 + depth * 22;
    tufts += `M${svgNumber(x)} ${svgNumber(y)}l${svgNumber(-h * 0.35)} ${svgNumber(-h * 0.8)}M${svgNumber(x)} ${svgNumber(y)}l0 ${svgNumber(-h)}M${svgNumber(x)} ${svgNumber(y)}l${svgNumber(h * 0.4)} ${svgNumber(-h * 0.75)}`;
    if (scene.setting === "meadow" && i % 3 === 0) flowers += circle(x + h * 0.5, y - h * 0.9, 3 + depth * 4);
  }
  const grass = scene.setting === "snow" ? mixHex(colours.ground, colours.ink, 0.25) : mixHex(colours.ground, colours.ink, 0.35);
  return (
    (trunks ? `<path d="${trunks}" fill="${mixHex(colours.ink, colours.ground, 0.3)}"/>` : "") +
    (bushes ? `<path d="${bushes}" fill="${foliage}"/>` : "") +
    `<path d="${tufts}" fill="none" stroke="${grass}" stroke-width="3" stroke-linecap="round"/>` +
    (flowers ? `<path d="${flowers}" fill="${colours.tones.accent}"/>` : "")
  );
}

/** `idPrefix` keeps each drawn object's gradient ids apart, since their tones differ. */
function renderSubject(parts: Part[], colours: SceneColours, recipe: StyleRecipe, look: Look, transform: string, scale: number, defs: string[], idPrefix: string): string {
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
  return `<g transform="${transform}">${body}</g>`;
}

/** A moon's crescent, lit on the left: the outer half circle back along a narrower half ellipse. */
function crescent(cx: number, cy: number, r: number): string {
  return `M${svgNumber(cx)} ${svgNumber(cy - r)}A${svgNumber(r)} ${svgNumber(r)} 0 1 0 ${svgNumber(cx)} ${svgNumber(cy + r)}A${svgNumber(r * 0.55)} ${svgNumber(r)} 0 0 1 ${svgNumber(cx)} ${svgNumber(cy - r)}Z`;
}

/** A retro sun: the disc cut by horizontal gaps that widen towards its base (no SVG mask, which is slow). */
function stripedDisc(cx: number, cy: number, r: number): string {
  const bands: Array<[number, number]> = [];
  let top = cy - r;
  for (let i = 0; i < 7; i++) {
    const gapTop = cy + 10 + i * 22;
    bands.push([top, gapTop]);
    top = gapTop + 8 + i * 1.8;
  }
  if (top < cy + r) bands.push([top, cy + r]);
  const halfWidth = (y: number) => Math.sqrt(Math.max(0, r * r - (y - cy) * (y - cy)));
  return bands
    .filter(([a, b]) => b > a)
    .map(([a, b]) => {
      const wa = halfWidth(a);
      const wb = halfWidth(b);
      return `M${svgNumber(cx - wa)} ${svgNumber(a)}L${svgNumber(cx + wa)} ${svgNumber(a)}A${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(cx + wb)} ${svgNumber(b)}L${svgNumber(cx - wb)} ${svgNumber(b)}A${svgNumber(r)} ${svgNumber(r)} 0 0 1 ${svgNumber(cx - wa)} ${svgNumber(a)}Z`;
    })
    .join("");
}

function ridgePath(rng: Rng, baseY: number, amplitude: number, width: number): string {
  const count = 33;
  const heights = new Float64Array(count);
  heights[0] = rng.range(-1, 1);
  heights[count - 1] = rng.range(-1, 1);
  const subdivide = (lo: number, hi: number, spread: number) => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >> 1;
    heights[mid] = ((heights[lo] ?? 0) + (heights[hi] ?? 0)) / 2 + rng.range(-spread, spread);
    subdivide(lo, mid, spread * 0.55);
    subdivide(mid, hi, spread * 0.55);
  };
  subdivide(0, count - 1, 1.2);
  let d = `M0 ${width}`;
  for (let i = 0; i < count; i++) d += `L${svgNumber((i / (count - 1)) * width)} ${svgNumber(baseY - (heights[i] ?? 0) * amplitude)}`;
  return `${d}L${width} ${width}Z`;
}

function skylinePath(rng: Rng, horizon: number, width: number): string {
  let d = `M0 ${horizon + 20}`;
  let x = 0;
  while (x < width) {
    const w = rng.range(40, 90);
    const h = rng.range(60, 220);
    d += `L${svgNumber(x)} ${svgNumber(horizon - h)}L${svgNumber(x + w)} ${svgNumber(horizon - h)}`;
    x += w;
  }
  return `${d}L${width} ${horizon + 20}Z`;
}

function skylineWindows(rng: Rng, horizon: number, width: number): string {
  let d = "";
  for (let i = 0; i < 120; i++) d += rect(rng.range(0, width), rng.range(horizon - 200, horizon - 10), 6, 9);
  return d;
}

/** A row of conifers; with `capShare` set, only the top share of each tree (its snow cap). */
function pineRow(rng: Rng, baseY: number, width: number, minHeight: number, maxHeight: number, capShare = 1): string {
  let d = "";
  for (let x = -20; x < width + 20; x += rng.range(26, 48)) {
    const h = rng.range(minHeight, maxHeight);
    const w = h * 0.38;
    const top = baseY - h;
    const capBase = top + h * capShare;
    const capHalf = (w / 2) * capShare;
    d += polygon([[x - capHalf, capBase], [x, top], [x + capHalf, capBase]]);
  }
  return d;
}

/** A road running to the horizon, street lamps along it and, when wet, reflections of the lights. */
function streetDetails(scene: Scene, colours: SceneColours, horizon: number, W: number, painted: boolean): string {
  const rng = new Rng(scene.seed ^ 0x7f4a7c15);
  const vanishX = W / 2;
  const top = horizon + 12;
  const asphalt = mixHex(colours.ground, "#3b3d44", 0.55);
  let out = `<path d="${polygon([[vanishX - 40, top], [vanishX + 40, top], [W + 260, W], [-260, W]])}" fill="${asphalt}"/>`;
  let dashes = "";
  for (let i = 0; i < 7; i++) {
    const t0 = Math.pow(i / 7, 1.8);
    const t1 = Math.pow((i + 0.5) / 7, 1.8);
    const y0 = top + (W - top) * t0;
    const y1 = top + (W - top) * t1;
    const w0 = 2 + 14 * t0;
    const w1 = 2 + 14 * t1;
    dashes += polygon([[vanishX - w0, y0], [vanishX + w0, y0], [vanishX + w1, y1], [vanishX - w1, y1]]);
  }
  out += `<path d="${dashes}" fill="${mixHex(colours.sun, "#ffffff", 0.4)}" opacity="0.85"/>`;
  if (scene.weather === "rain") {
    let puddles = "";
    for (let i = 0; i < 16; i++) {
      const x = rng.range(0, W);
      const y = rng.range(top + 30, W);
      puddles += rect(x, y, rng.range(4, 12), rng.range(30, 120), 3);
    }
    out += `<path d="${puddles}" fill="${colours.tones.glow}" opacity="${painted ? 0.35 : 0.2}"/>`;
  }
  let poles = "";
  let lamps = "";
  for (const side of [-1, 1]) {
    for (let i = 1; i <= 3; i++) {
      const t = Math.pow(i / 3.4, 1.6);
      const y = top + (W - top) * t;
      const x = vanishX + side * (40 + (W * 0.78) * t);
      const h = 40 + 260 * t;
      poles += rect(x - 1.5 - 4 * t, y - h, 3 + 8 * t, h);
      lamps += circle(x, y - h, 6 + 14 * t);
    }
  }
  out += `<path d="${poles}" fill="${mixHex(colours.ink, asphalt, 0.2)}"/><path d="${lamps}" fill="${colours.tones.glow}"/>`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Raster passes on packed RGB buffers. These run in JS because librsvg's own turbulence and
// displacement filters cost seconds at 1024², far over the per-image budget. Clamped arrays let
// passes write out-of-range values safely; hot loops avoid Math.hypot/min/max, which are slow here.

interface Raster {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

async function rasteriseSvg(svg: string): Promise<Raster> {
  // Dropping alpha here in JS is cheaper than sharp's removeAlpha(), which costs a whole extra pipeline stage.
  const { data, info } = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
  const rgb = new Uint8ClampedArray(info.width * info.height * 3);
  for (let from = 0, to = 0; to < rgb.length; from += 4, to += 3) {
    rgb[to] = data[from]!;
    rgb[to + 1] = data[from + 1]!;
    rgb[to + 2] = data[from + 2]!;
  }
  return { data: rgb, width: info.width, height: info.height };
}

/** Stored (level 0) deflate: callers re-encode to WebP, and compressing noisy art costs ~40 ms. */
function encodePng(raster: Raster): Promise<Buffer> {
  return sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/** Coverage of the subject alone (0..255 per pixel), for passes that keep finer detail on it. */
type SubjectMask = () => Promise<Uint8Array>;

async function rasteriseAlpha(svg: string): Promise<Uint8Array> {
  const alpha = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer();
  return new Uint8Array(alpha.buffer, alpha.byteOffset, alpha.byteLength);
}

/** `fine` where the subject is, `coarse` elsewhere, blended along the subject's anti-aliased edge. */
function composeBySubject(coarse: Raster, fine: Raster, mask: Uint8Array): Raster {
  const out = blankLike(coarse);
  const target = out.data;
  for (let p = 0, i = 0; p < mask.length; p++, i += 3) {
    const a = mask[p]! / 255;
    target[i] = coarse.data[i]! + (fine.data[i]! - coarse.data[i]!) * a;
    target[i + 1] = coarse.data[i + 1]! + (fine.data[i + 1]! - coarse.data[i + 1]!) * a;
    target[i + 2] = coarse.data[i + 2]! + (fine.data[i + 2]! - coarse.data[i + 2]!) * a;
  }
  return out;
}

async function applySteps(raster: Raster, steps: RasterStep[], rng: Rng, recipe: StyleRecipe, subjectMask: SubjectMask): Promise<Raster> {
  let current = raster;
  for (const step of steps) {
    const seed = rng.int(0, 1 << 20);
    switch (step.kind) {
      case "brush":
        current = paintBrushStrokes(current, step.size, step.swirl, seed);
        break;
      case "warp":
        current = warpPixels(current, step.amount, seed);
        break;
      case "texture":
        current = applyTexture(current, step.texture, step.strength, seed);
        break;
      case "posterize":
        current = posterize(current, step.levels);
        break;
      case "grey":
        current = greyscale(current, step.contrast, step.tint);
        break;
      case "pixelate":
        current = pixelate(current, step.cells, recipe.pixelPalette ?? paletteForPixels(recipe));
        break;
      case "tiles":
        current = mosaicTiles(current, step.tile, step.grout, seed);
        break;
      case "cells":
        current = composeBySubject(
          stainedGlass(current, step.cell, step.lead, seed),
          stainedGlass(current, step.cell * 0.5, step.lead, seed + 1),
          await subjectMask(),
        );
        break;
      case "facets":
        current = composeBySubject(
          facetTriangles(current, step.cell, step.relief, seed),
          facetTriangles(current, Math.max(14, step.cell * 0.32), step.relief, seed + 1),
          await subjectMask(),
        );
        break;
      case "halftone":
        current = halftone(current, step.cell, step.ink);
        break;
      case "hatch":
        current = drawInkOverTones(current, {
          paper: recipe.palette.paper,
          ink: recipe.palette.ink,
          wash: step.wash,
          hatchSpacing: step.spacing,
          edgeStrength: 0.7,
          seed,
        });
        break;
      case "bloom":
        current = await bloom(current, step.strength);
        break;
      case "vignette":
        current = vignette(current, step.strength);
        break;
      case "scanlines":
        current = scanlines(current, step.strength);
        break;
      case "chroma":
        current = chromaticShift(current, step.offset);
        break;
      case "inks":
        current = reduceToInks(current, step.colours);
        break;
      case "stitch":
        current = crossStitch(current, step.cells, recipe.palette.paper);
        break;
      case "blur":
        current = await blur(current, step.sigma);
        break;
    }
  }
  return current;
}

function blankLike(raster: Raster): Raster {
  return { data: new Uint8ClampedArray(raster.data.length), width: raster.width, height: raster.height };
}

function copyOf(raster: Raster): Raster {
  return { data: new Uint8ClampedArray(raster.data), width: raster.width, height: raster.height };
}

const NOISE_SIZE = 256;
const NOISE_MASK = NOISE_SIZE - 1;
/** Noise fields depend only on these few seeds, so a process computes each once. */
const NOISE_FAMILIES = 4;
const noiseCache = new Map<string, Float32Array>();

/** Tileable smooth value noise, NOISE_SIZE² in 0..1, with lattice spacing `cell`. */
function noiseField(cell: number, family: number): Float32Array {
  const key = `${cell}:${family}`;
  const cached = noiseCache.get(key);
  if (cached) return cached;
  const rng = new Rng(family * 7919 + cell);
  const lattice = NOISE_SIZE / cell;
  const values = new Float32Array(lattice * lattice);
  for (let i = 0; i < values.length; i++) values[i] = rng.next();
  const field = new Float32Array(NOISE_SIZE * NOISE_SIZE);
  for (let y = 0; y < NOISE_SIZE; y++) {
    const y0 = Math.floor(y / cell);
    const ty = y / cell - y0;
    const sy = ty * ty * (3 - 2 * ty);
    const row0 = (y0 % lattice) * lattice;
    const row1 = ((y0 + 1) % lattice) * lattice;
    for (let x = 0; x < NOISE_SIZE; x++) {
      const x0 = Math.floor(x / cell);
      const tx = x / cell - x0;
      const sx = tx * tx * (3 - 2 * tx);
      const x1 = (x0 + 1) % lattice;
      const a = values[row0 + x0]!;
      const b = values[row0 + x1]!;
      const c = values[row1 + x0]!;
      const d = values[row1 + x1]!;
      field[y * NOISE_SIZE + x] = a + (b - a) * sx + (c - a + (a - b + d - c) * sx) * sy;
    }
  }
  noiseCache.set(key, field);
  return field;
}

/** Four octaves of value noise, 0..1. */
function fractalNoise(family: number): Float32Array {
  const key = `fractal:${family}`;
  const cached = noiseCache.get(key);
  if (cached) return cached;
  const octaves = [noiseField(64, family), noiseField(32, family), noiseField(16, family), noiseField(8, family)];
  const weights = [0.5, 0.27, 0.15, 0.08];
  const field = new Float32Array(NOISE_SIZE * NOISE_SIZE);
  for (let o = 0; o < octaves.length; o++) {
    const octave = octaves[o]!;
    const weight = weights[o]!;
    for (let i = 0; i < field.length; i++) field[i] = field[i]! + octave[i]! * weight;
  }
  noiseCache.set(key, field);
  return field;
}

/** For each pixel column (or row), the wrapped noise coordinate at `pixelsPerSample` zoom. */
function noiseIndex(length: number, pixelsPerSample: number, offset: number): Int32Array {
  const table = new Int32Array(length);
  for (let i = 0; i < length; i++) table[i] = (Math.floor(i / pixelsPerSample) + offset) & NOISE_MASK;
  return table;
}

function warpPixels(raster: Raster, amount: number, seed: number): Raster {
  const { width, height, data } = raster;
  const out = blankLike(raster);
  const target = out.data;
  const k = width / 1024;
  const reach = amount * k * 2;
  const fieldX = fractalNoise(seed % NOISE_FAMILIES);
  const fieldY = fractalNoise((seed + 1) % NOISE_FAMILIES);
  const shiftX = new Int16Array(fieldX.length);
  const shiftY = new Int16Array(fieldY.length);
  for (let i = 0; i < fieldX.length; i++) {
    shiftX[i] = Math.round((fieldX[i]! - 0.5) * reach * 2);
    shiftY[i] = Math.round((fieldY[i]! - 0.5) * reach * 2);
  }
  const cols = noiseIndex(width, 2 * k, seed & 255);
  const rows = noiseIndex(height, 2 * k, (seed >> 8) & 255);
  for (let y = 0; y < height; y++) {
    const rowBase = rows[y]! << 8;
    for (let x = 0; x < width; x++) {
      const cell = rowBase | cols[x]!;
      let sx = x + shiftX[cell]!;
      let sy = y + shiftY[cell]!;
      if (sx < 0) sx = 0;
      else if (sx >= width) sx = width - 1;
      if (sy < 0) sy = 0;
      else if (sy >= height) sy = height - 1;
      const from = (sy * width + sx) * 3;
      const to = (y * width + x) * 3;
      target[to] = data[from]!;
      target[to + 1] = data[from + 1]!;
      target[to + 2] = data[from + 2]!;
    }
  }
  return out;
}

function applyTexture(raster: Raster, texture: TextureKind, strength: number, seed: number): Raster {
  const { width, height, data } = raster;
  const out = blankLike(raster);
  const target = out.data;
  const k = width / 1024;
  const coarse = fractalNoise(seed % NOISE_FAMILIES);
  const fine = noiseField(4, (seed + 2) % NOISE_FAMILIES);
  const grain = new Rng(seed);
  const ox = seed & 255;
  const oy = (seed >> 8) & 255;
  const fineCols = noiseIndex(width, k, ox);
  const fineRows = noiseIndex(height, k, oy);
  const coarseCols = noiseIndex(width, 2 * k, ox);
  const coarseRows = noiseIndex(height, 2 * k, oy);
  const weave = 1.9 / k;
  for (let y = 0; y < height; y++) {
    const weaveY = Math.sin(y * weave);
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      let shift: number;
      let keep = 1;
      if (texture === "canvas") {
        shift = Math.sin(x * weave) * weaveY * 9 + (fine[(fineRows[y]! << 8) | fineCols[x]!]! - 0.5) * 12;
      } else if (texture === "paper") {
        shift = (fine[(fineRows[y]! << 8) | fineCols[x]!]! - 0.5) * 7 + (coarse[(coarseRows[y]! << 8) | coarseCols[x]!]! - 0.5) * 7 + (grain.next() - 0.5) * 8;
      } else if (texture === "grain") {
        shift = (grain.next() + grain.next() - 1) * 26;
      } else if (texture === "watercolor") {
        // Pigment pools unevenly and the paper shows through, so darks lift and lights stay.
        keep = 1 + (coarse[(coarseRows[y]! << 8) | coarseCols[x]!]! - 0.5) * 0.5 * strength;
        shift = (fine[(fineRows[y]! << 8) | fineCols[x]!]! - 0.5) * 14 + 10;
      } else {
        shift = (fine[(fineRows[y]! << 8) | fineCols[x]!]! - 0.5) * 12 + (coarse[(coarseRows[y]! << 8) | coarseCols[x]!]! - 0.5) * 20;
      }
      shift *= strength;
      if (keep === 1) {
        target[i] = data[i]! + shift;
        target[i + 1] = data[i + 1]! + shift;
        target[i + 2] = data[i + 2]! + shift;
      } else {
        target[i] = 255 - (255 - data[i]!) * keep + shift;
        target[i + 1] = 255 - (255 - data[i + 1]!) * keep + shift;
        target[i + 2] = 255 - (255 - data[i + 2]!) * keep + shift;
      }
    }
  }
  return out;
}

/**
 * Short strokes whose colour is sampled from the source under them and whose direction follows a
 * noise flow field; a second, finer pass lands only where the source has detail so faces and
 * edges survive the broad strokes.
 */
function paintBrushStrokes(raster: Raster, size: number, swirl: number, seed: number): Raster {
  const { width, height, data } = raster;
  const out = copyOf(raster);
  const target = out.data;
  const rng = new Rng(seed);
  const k = width / 1024;
  const flow = fractalNoise(seed % NOISE_FAMILIES);
  const probe = Math.max(1, Math.round(4 * k));
  const bristles = new Float32Array(16);
  for (let i = 0; i < bristles.length; i++) bristles[i] = 0.92 + 0.08 * rng.next();
  const detailAt = (x: number, y: number): number => {
    const xa = x - probe < 0 ? 0 : x - probe;
    const xb = x + probe >= width ? width - 1 : x + probe;
    const ya = y - probe < 0 ? 0 : y - probe;
    const yb = y + probe >= height ? height - 1 : y + probe;
    const left = (y * width + xa) * 3;
    const right = (y * width + xb) * 3;
    const up = (ya * width + x) * 3;
    const down = (yb * width + x) * 3;
    return (
      Math.abs(data[left]! - data[right]!) + Math.abs(data[left + 1]! - data[right + 1]!) + Math.abs(data[left + 2]! - data[right + 2]!) +
      Math.abs(data[up]! - data[down]!) + Math.abs(data[up + 1]! - data[down + 1]!) + Math.abs(data[up + 2]! - data[down + 2]!)
    );
  };
  const stamp = (cx: number, cy: number, length: number, thickness: number) => {
    const angle = (flow[((Math.floor(cy / (4 * k)) & NOISE_MASK) << 8) | (Math.floor(cx / (4 * k)) & NOISE_MASK)]! - 0.5) * Math.PI * (1.5 + swirl * 5) + Math.PI / 5;
    const si = (cy * width + cx) * 3;
    // Each stroke's paint is mixed a little off: a shared shift in value plus a smaller one in hue.
    const jitter = rng.range(-8, 8);
    const r = data[si]! + jitter + rng.range(-7, 7);
    const g = data[si + 1]! + jitter + rng.range(-7, 7);
    const b = data[si + 2]! + jitter + rng.range(-7, 7);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const half = length / 2;
    const invHalf2 = 1 / (half * half);
    const invThick2 = 1 / (thickness * thickness);
    const reachX = Math.ceil(Math.abs(cos) * half + Math.abs(sin) * thickness);
    const reachY = Math.ceil(Math.abs(sin) * half + Math.abs(cos) * thickness);
    const bristleScale = 1.6 / k;
    const phase = rng.int(0, 16);
    const y0 = cy - reachY < 0 ? 0 : cy - reachY;
    const y1 = cy + reachY >= height ? height - 1 : cy + reachY;
    const x0 = cx - reachX < 0 ? 0 : cx - reachX;
    const x1 = cx + reachX >= width ? width - 1 : cx + reachX;
    for (let y = y0; y <= y1; y++) {
      const dy = y - cy;
      let u = (x0 - cx) * cos + dy * sin;
      let v = -(x0 - cx) * sin + dy * cos;
      let i = (y * width + x0) * 3;
      for (let x = x0; x <= x1; x++, u += cos, v -= sin, i += 3) {
        const e = u * u * invHalf2 + v * v * invThick2;
        if (e >= 1) continue;
        const bristle = bristles[((v * bristleScale + 64) | 0) + phase & 15]!;
        const alpha = 0.9 * (1 - e * e);
        target[i] = target[i]! + (r * bristle - target[i]!) * alpha;
        target[i + 1] = target[i + 1]! + (g * bristle - target[i + 1]!) * alpha;
        target[i + 2] = target[i + 2]! + (b * bristle - target[i + 2]!) * alpha;
      }
    }
  };
  const broad = Math.round(4200 / (size * size));
  for (let s = 0; s < broad; s++) {
    const x = rng.int(0, width);
    const y = rng.int(0, height);
    if (detailAt(x, y) > 150) continue;
    stamp(x, y, 34 * size * k, 7 * size * k);
  }
  const fine = Math.round(7000 / size);
  for (let s = 0; s < fine; s++) {
    const x = rng.int(0, width);
    const y = rng.int(0, height);
    if (detailAt(x, y) < 50) continue;
    stamp(x, y, 12 * size * k, 2.6 * size * k);
  }
  return out;
}

function posterize(raster: Raster, levels: number): Raster {
  const out = blankLike(raster);
  const step = 255 / (levels - 1);
  const table = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) table[v] = Math.round(v / step) * step;
  const { data } = raster;
  for (let i = 0; i < data.length; i++) out.data[i] = table[data[i]!]!;
  return out;
}

function greyscale(raster: Raster, contrast: number, tint?: string): Raster {
  const out = blankLike(raster);
  const target = out.data;
  const { data } = raster;
  const [tr, tg, tb] = tint ? parseHex(tint) : [0, 0, 0];
  for (let i = 0; i < data.length; i += 3) {
    const v = (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]! - 128) * contrast + 128;
    if (tint) {
      // Duotone: shadows and highlights stay neutral, midtones take the tint.
      const t = v < 0 ? 0 : v > 255 ? 1 : v / 255;
      const mid = (1 - Math.abs(t * 2 - 1)) * 0.4;
      target[i] = v * (1 - mid) + tr * mid;
      target[i + 1] = v * (1 - mid) + tg * mid;
      target[i + 2] = v * (1 - mid) + tb * mid;
    } else {
      target[i] = v;
      target[i + 1] = v;
      target[i + 2] = v;
    }
  }
  return out;
}

const BAYER_4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

function paletteForPixels(recipe: StyleRecipe): string[] {
  if (recipe.pixelPalette) return recipe.pixelPalette;
  const p = recipe.palette;
  return [
    p.skyTop, p.skyBottom, p.sun, p.far, p.near, p.ground, p.main, p.accent, p.ink, p.paper,
    mixHex(p.main, p.ink, 0.4), mixHex(p.main, "#ffffff", 0.6), mixHex(p.skyTop, p.skyBottom, 0.5), mixHex(p.near, p.ground, 0.5),
    mixHex(p.far, p.skyBottom, 0.5), mixHex(p.accent, p.ink, 0.4),
  ];
}

/** Block-average into `cells` columns, snap each block to the nearest palette colour with ordered dither. */
function pixelate(raster: Raster, cells: number, palette: string[]): Raster {
  const { width, height, data } = raster;
  const block = width / cells;
  const colours = palette.map(parseHex);
  const out = blankLike(raster);
  const target = out.data;
  const rows = Math.ceil(height / block);
  const columns = Math.ceil(width / block);
  for (let by = 0; by < rows; by++) {
    const y0 = Math.round(by * block);
    const y1 = Math.min(height, Math.round((by + 1) * block));
    for (let bx = 0; bx < columns; bx++) {
      const x0 = Math.round(bx * block);
      const x1 = Math.min(width, Math.round((bx + 1) * block));
      let r = 0;
      let g = 0;
      let b = 0;
      let count = 0;
      if (y0 >= y1 || x0 >= x1) continue;
      for (let y = y0; y < y1; y += 2) {
        for (let x = x0; x < x1; x += 2) {
          const i = (y * width + x) * 3;
          r += data[i]!;
          g += data[i + 1]!;
          b += data[i + 2]!;
          count++;
        }
      }
      const threshold = (BAYER_4[(by & 3) * 4 + (bx & 3)]! / 16 - 0.5) * 30;
      r = r / count + threshold;
      g = g / count + threshold;
      b = b / count + threshold;
      let best = colours[0]!;
      let bestDistance = Infinity;
      for (const colour of colours) {
        const dr = colour[0] - r;
        const dg = colour[1] - g;
        const db = colour[2] - b;
        const distance = dr * dr * 0.3 + dg * dg * 0.59 + db * db * 0.11;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = colour;
        }
      }
      for (let y = y0; y < y1; y++) {
        for (let i = (y * width + x0) * 3, end = (y * width + x1) * 3; i < end; i += 3) {
          target[i] = best[0];
          target[i + 1] = best[1];
          target[i + 2] = best[2];
        }
      }
    }
  }
  return out;
}

/** Brick-laid square tesserae, each one colour with a little hand-cut variation, on grout. */
function mosaicTiles(raster: Raster, tile: number, grout: string, seed: number): Raster {
  const { width, height, data } = raster;
  const size = tile * (width / 1024);
  const gap = Math.max(1, size * 0.14);
  const [gr, gg, gb] = parseHex(grout);
  const out = blankLike(raster);
  const target = out.data;
  const rng = new Rng(seed);
  const shades = new Float32Array(4096);
  for (let i = 0; i < shades.length; i++) shades[i] = rng.range(0.88, 1.1);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / size);
    const offset = row % 2 === 0 ? 0 : size / 2;
    const inRow = y - row * size;
    const cy = Math.min(height - 1, Math.round(row * size + size / 2));
    for (let x = 0; x < width; x++) {
      const shifted = x + offset;
      const col = Math.floor(shifted / size);
      const inCol = shifted - col * size;
      const i = (y * width + x) * 3;
      if (inRow < gap || inCol < gap) {
        target[i] = gr;
        target[i + 1] = gg;
        target[i + 2] = gb;
        continue;
      }
      let cx = Math.round(col * size - offset + size / 2);
      if (cx < 0) cx = 0;
      else if (cx >= width) cx = width - 1;
      const si = (cy * width + cx) * 3;
      const shade = shades[(row * 131 + col * 7) & 4095]! * (1.04 - 0.1 * (inRow / size) - 0.06 * (inCol / size));
      target[i] = data[si]! * shade;
      target[i + 1] = data[si + 1]! * shade;
      target[i + 2] = data[si + 2]! * shade;
    }
  }
  return out;
}

/** Voronoi cells over a jittered grid: flat glass per cell, lead where two cells meet or the source is inked. */
function stainedGlass(raster: Raster, cell: number, lead: string, seed: number): Raster {
  const { width, height, data } = raster;
  const size = cell * (width / 1024);
  const cols = Math.ceil(width / size);
  const rows = Math.ceil(height / size);
  const rng = new Rng(seed);
  const px = new Float32Array(cols * rows);
  const py = new Float32Array(cols * rows);
  const colour = new Float32Array(cols * rows * 3);
  for (let gy = 0; gy < rows; gy++) {
    for (let gx = 0; gx < cols; gx++) {
      const id = gy * cols + gx;
      const x = (gx + rng.range(0.15, 0.85)) * size;
      const y = (gy + rng.range(0.15, 0.85)) * size;
      px[id] = x;
      py[id] = y;
      const si = (Math.min(height - 1, Math.floor(y)) * width + Math.min(width - 1, Math.floor(x))) * 3;
      // Glass glows: push each cell's colour towards saturated and bright.
      const r = data[si]!;
      const g = data[si + 1]!;
      const b = data[si + 2]!;
      const mean = (r + g + b) / 3;
      const lift = rng.range(0.95, 1.18);
      colour[id * 3] = (mean + (r - mean) * 1.35) * lift;
      colour[id * 3 + 1] = (mean + (g - mean) * 1.35) * lift;
      colour[id * 3 + 2] = (mean + (b - mean) * 1.35) * lift;
    }
  }
  const [lr, lg, lb] = parseHex(lead);
  const leadWidth = 3.5 * (width / 1024);
  const out = blankLike(raster);
  const target = out.data;
  for (let y = 0; y < height; y++) {
    const gy = Math.floor(y / size);
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const sourceLum = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      if (sourceLum < 34) {
        target[i] = lr;
        target[i + 1] = lg;
        target[i + 2] = lb;
        continue;
      }
      const gx = Math.floor(x / size);
      let best = 0;
      let bestD = Infinity;
      let second = -1;
      let secondD = Infinity;
      for (let cy = gy - 1; cy <= gy + 1; cy++) {
        if (cy < 0 || cy >= rows) continue;
        for (let cx = gx - 1; cx <= gx + 1; cx++) {
          if (cx < 0 || cx >= cols) continue;
          const id = cy * cols + cx;
          const dx = px[id]! - x;
          const dy = py[id]! - y;
          const d = dx * dx + dy * dy;
          if (d < bestD) {
            second = best;
            secondD = bestD;
            best = id;
            bestD = d;
          } else if (d < secondD) {
            second = id;
            secondD = d;
          }
        }
      }
      let toEdge = Infinity;
      if (second >= 0 && secondD !== Infinity) {
        const sx = px[second]! - px[best]!;
        const sy = py[second]! - py[best]!;
        toEdge = (secondD - bestD) / (2 * Math.sqrt(sx * sx + sy * sy));
      }
      if (toEdge < leadWidth) {
        target[i] = lr;
        target[i + 1] = lg;
        target[i + 2] = lb;
      } else {
        const inner = (toEdge - leadWidth) / (size * 0.35);
        const glow = inner >= 1 ? 1 : 0.8 + 0.2 * inner;
        target[i] = colour[best * 3]! * glow;
        target[i + 1] = colour[best * 3 + 1]! * glow;
        target[i + 2] = colour[best * 3 + 2]! * glow;
      }
    }
  }
  return out;
}

/** Jittered triangle mesh; each facet takes the source colour around its centre plus a fake light. */
function facetTriangles(raster: Raster, cell: number, relief: number, seed: number): Raster {
  const { width, height, data } = raster;
  const size = cell * (width / 1024);
  const cols = Math.ceil(width / size) + 1;
  const rows = Math.ceil(height / size) + 1;
  const rng = new Rng(seed);
  const vx = new Float32Array(cols * rows);
  const vy = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const onEdgeX = c === 0 || c === cols - 1;
      const onEdgeY = r === 0 || r === rows - 1;
      vx[r * cols + c] = c * size + (onEdgeX ? 0 : rng.range(-0.38, 0.38) * size);
      vy[r * cols + c] = r * size + (onEdgeY ? 0 : rng.range(-0.38, 0.38) * size);
    }
  }
  const out = blankLike(raster);
  const target = out.data;
  const sampleAt = (x: number, y: number) => {
    const sx = x < 0 ? 0 : x >= width ? width - 1 : Math.floor(x);
    const sy = y < 0 ? 0 : y >= height ? height - 1 : Math.floor(y);
    return (sy * width + sx) * 3;
  };
  const fillTriangle = (a: number, b: number, c: number, litSide: number) => {
    const ax = vx[a]!;
    const ay = vy[a]!;
    const bx = vx[b]!;
    const by = vy[b]!;
    const cx = vx[c]!;
    const cy = vy[c]!;
    const mx = (ax + bx + cx) / 3;
    const my = (ay + by + cy) / 3;
    let r = 0;
    let g = 0;
    let bl = 0;
    for (const [sx, sy] of [[mx, my], [(mx + ax) / 2, (my + ay) / 2], [(mx + bx) / 2, (my + by) / 2], [(mx + cx) / 2, (my + cy) / 2]] as const) {
      const si = sampleAt(sx, sy);
      r += data[si]!;
      g += data[si + 1]!;
      bl += data[si + 2]!;
    }
    // The two halves of each quad face different ways, like a fold catching light on one side.
    const light = (1 + relief * (rng.range(-1, 1) * 0.6 + litSide * 0.4)) / 4;
    r *= light;
    g *= light;
    bl *= light;
    const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (area === 0) return;
    const minX = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const maxX = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)));
    const minY = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const maxY = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy)));
    for (let y = minY; y <= maxY; y++) {
      const py = y + 0.5;
      for (let x = minX; x <= maxX; x++) {
        const pxc = x + 0.5;
        const w0 = ((bx - pxc) * (cy - py) - (cx - pxc) * (by - py)) / area;
        const w1 = ((cx - pxc) * (ay - py) - (ax - pxc) * (cy - py)) / area;
        if (w0 < -0.001 || w1 < -0.001 || 1 - w0 - w1 < -0.001) continue;
        const i = (y * width + x) * 3;
        target[i] = r;
        target[i + 1] = g;
        target[i + 2] = bl;
      }
    }
  };
  for (let r = 0; r < rows - 1; r++) {
    for (let c = 0; c < cols - 1; c++) {
      const a = r * cols + c;
      const b = a + 1;
      const d = a + cols;
      const e = d + 1;
      if ((r + c) % 2 === 0) {
        fillTriangle(a, b, e, 1);
        fillTriangle(a, e, d, -1);
      } else {
        fillTriangle(a, b, d, 1);
        fillTriangle(b, e, d, -1);
      }
    }
  }
  return out;
}

/** Comic-print dots: flat colour lifted towards paper, with ink dots sized by darkness. */
function halftone(raster: Raster, cell: number, ink: string): Raster {
  const { width, height, data } = raster;
  const size = cell * (width / 1024);
  const [ir, ig, ib] = parseHex(ink);
  const out = blankLike(raster);
  const target = out.data;
  const axis = Math.SQRT1_2 / size;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + y) * axis;
      const v = (y - x) * axis;
      const du = u - Math.round(u);
      const dv = v - Math.round(v);
      const distance = Math.sqrt(du * du + dv * dv);
      const i = (y * width + x) * 3;
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      const darkness = 1 - (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      const radius = darkness > 0.25 ? Math.sqrt(darkness - 0.25) * 0.55 : 0;
      let coverage = (radius - distance) * size * 0.8;
      coverage = coverage < 0 ? 0 : coverage > 1 ? 0.7 : coverage * 0.7;
      const lr = r + (255 - r) * 0.12;
      const lg = g + (255 - g) * 0.12;
      const lb = b + (255 - b) * 0.12;
      target[i] = lr + (ir - lr) * coverage;
      target[i + 1] = lg + (ig - lg) * coverage;
      target[i + 2] = lb + (ib - lb) * coverage;
    }
  }
  return out;
}

/**
 * Ink drawing over a toned source: Sobel edges become pen lines and darkness becomes up to three
 * layers of wobbly hatching; `wash` keeps that much of the source colour under the ink.
 * On dark paper the roles flip, so light areas get hatched in light ink. `wobble` (px) shakes the
 * hand and `paperGrain` adds paper texture inside this one pass, which is the sketch model's
 * hottest loop: separate warp and texture passes would cost two more full-image sweeps.
 */
function drawInkOverTones(
  raster: Raster,
  opts: { paper: string; ink: string; wash: number; hatchSpacing: number; edgeStrength: number; seed: number; wobble?: number; paperGrain?: number },
): Raster {
  const { width, height, data } = raster;
  const k = width / 1024;
  const [pr, pg, pb] = parseHex(opts.paper);
  const [ir, ig, ib] = parseHex(opts.ink);
  const darkPaper = luminanceOf(opts.paper) < 0.45;
  const { wash, edgeStrength, seed } = opts;
  const lum = new Float32Array(width * height);
  for (let p = 0, i = 0; p < lum.length; p++, i += 3) lum[p] = (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!) / 255;

  const wobble = fractalNoise(seed % NOISE_FAMILIES);
  const bend = new Float32Array(wobble.length);
  for (let i = 0; i < bend.length; i++) bend[i] = (wobble[i]! - 0.5) * 12 * k;
  // Pen pressure drifts slowly; mapped to 0.45..1 so no hatched area fades out completely.
  const pressureField = noiseField(32, (seed + 1) % NOISE_FAMILIES);
  const pressure = new Float32Array(pressureField.length);
  for (let i = 0; i < pressure.length; i++) pressure[i] = 0.45 + 0.55 * pressureField[i]!;
  // The hand's tremor: a whole-pixel offset per noise cell, applied to where the source is read.
  const shakeReach = (opts.wobble ?? 0) * k * 2;
  const shakeX = new Int16Array(wobble.length);
  const shakeY = new Int16Array(wobble.length);
  if (shakeReach > 0) {
    const other = fractalNoise((seed + 2) % NOISE_FAMILIES);
    for (let i = 0; i < shakeX.length; i++) {
      shakeX[i] = Math.round((wobble[i]! - 0.5) * shakeReach * 2);
      shakeY[i] = Math.round((other[i]! - 0.5) * shakeReach * 2);
    }
  }
  const grainAmount = opts.paperGrain ?? 0;
  const paperFibre = noiseField(4, (seed + 3) % NOISE_FAMILIES);
  // xorshift32 inline: per-pixel grain is the one place a method call per pixel shows in profiles.
  let grainState = (seed | 1) >>> 0;
  const toneBase = darkPaper ? 0 : 1;
  const toneSign = darkPaper ? 1 : -1;

  const cols2 = noiseIndex(width, 2 * k, seed & 255);
  const rows2 = noiseIndex(height, 2 * k, (seed >> 8) & 255);
  const cols3 = noiseIndex(width, 3 * k, seed & 255);
  const rows3 = noiseIndex(height, 3 * k, (seed >> 8) & 255);
  const fineCols = noiseIndex(width, k, (seed >> 4) & 255);
  const fineRows = noiseIndex(height, k, (seed >> 12) & 255);
  const spacing = opts.hatchSpacing * k;
  const invSpacing = 1 / spacing;
  const lineReach = (k < 0.6 ? 0.6 : 1.1 * k) + 0.5;
  const out = blankLike(raster);
  const target = out.data;
  /** Ink coverage of a hatch line family at `position` along its normal. */
  const coverage = (position: number): number => {
    let t = position * invSpacing + 4096;
    t -= (t + 0.5) | 0;
    const c = lineReach - (t < 0 ? -t : t) * spacing;
    return c <= 0 ? 0 : c >= 1 ? 1 : c;
  };
  const lastX = width - 1;
  const lastY = height - 1;
  for (let y = 0; y < height; y++) {
    const bendRow = rows2[y]! << 8;
    const pressureRow = rows3[y]! << 8;
    const fibreRow = fineRows[y]! << 8;
    for (let x = 0; x < width; x++) {
      const cell = bendRow | cols2[x]!;
      let sx = x + shakeX[cell]!;
      let sy = y + shakeY[cell]!;
      sx = sx < 0 ? 0 : sx > lastX ? lastX : sx;
      sy = sy < 0 ? 0 : sy > lastY ? lastY : sy;
      const above = (sy === 0 ? 0 : sy - 1) * width;
      const here = sy * width;
      const below = (sy === lastY ? sy : sy + 1) * width;
      const xm = sx === 0 ? 0 : sx - 1;
      const xp = sx === lastX ? sx : sx + 1;
      const gx = lum[above + xp]! + 2 * lum[here + xp]! + lum[below + xp]! - lum[above + xm]! - 2 * lum[here + xm]! - lum[below + xm]!;
      const gy = lum[below + xm]! + 2 * lum[below + sx]! + lum[below + xp]! - lum[above + xm]! - 2 * lum[above + sx]! - lum[above + xp]!;
      let edge = (Math.sqrt(gx * gx + gy * gy) - 0.12) * 3.5;
      edge = edge <= 0 ? 0 : edge >= 1 ? edgeStrength : edge * edgeStrength;
      const source = here + sx;
      const tone = toneBase + toneSign * lum[source]!;
      let hatch = 0;
      if (tone > 0.3) {
        const offset = bend[cell]!;
        hatch = coverage(x + y + offset) * (tone > 0.55 ? 1 : (tone - 0.3) * 4);
        if (tone > 0.55) {
          const second = coverage(x - y + offset) * (tone > 0.8 ? 1 : (tone - 0.55) * 4);
          if (second > hatch) hatch = second;
          if (tone > 0.78) {
            const third = coverage(y + offset * 0.5) * (tone > 0.98 ? 1 : (tone - 0.78) * 5);
            if (third > hatch) hatch = third;
          }
        }
        hatch *= pressure[pressureRow | cols3[x]!]!;
      }
      const ink = edge > hatch ? edge : hatch;
      const from = source * 3;
      const to = (y * width + x) * 3;
      const baseR = pr + (data[from]! - pr) * wash;
      const baseG = pg + (data[from + 1]! - pg) * wash;
      const baseB = pb + (data[from + 2]! - pb) * wash;
      let paper = 0;
      if (grainAmount !== 0) {
        grainState ^= grainState << 13;
        grainState ^= grainState >>> 17;
        grainState ^= grainState << 5;
        paper = ((paperFibre[fibreRow | fineCols[x]!]! - 0.5) * 9 + ((grainState >>> 0) / 4294967296 - 0.5) * 8) * grainAmount;
      }
      target[to] = baseR + (ir - baseR) * ink + paper;
      target[to + 1] = baseG + (ig - baseG) * ink + paper;
      target[to + 2] = baseB + (ib - baseB) * ink + paper;
    }
  }
  return out;
}

async function bloom(raster: Raster, strength: number): Promise<Raster> {
  const { width, height, data } = raster;
  const small = Math.max(16, Math.round(width / 8));
  const glow = await sharp(data, { raw: { width, height, channels: 3 } })
    .resize(small, small, { kernel: "cubic" })
    .blur(3)
    .resize(width, height, { kernel: "cubic" })
    .raw()
    .toBuffer();
  const out = blankLike(raster);
  const target = out.data;
  for (let i = 0; i < data.length; i++) {
    let light = ((glow[i]! / 255 - 0.25) / 0.75) * strength;
    if (light < 0) light = 0;
    target[i] = 255 - (255 - data[i]!) * (1 - light);
  }
  return out;
}

async function blur(raster: Raster, sigma: number): Promise<Raster> {
  const { width, height } = raster;
  const blurred = await sharp(raster.data, { raw: { width, height, channels: 3 } })
    .blur(Math.max(0.3, sigma * (width / 1024)))
    .raw()
    .toBuffer();
  return { data: new Uint8ClampedArray(blurred.buffer, blurred.byteOffset, blurred.byteLength), width, height };
}

function vignette(raster: Raster, strength: number): Raster {
  const { width, height, data } = raster;
  const out = blankLike(raster);
  const target = out.data;
  const cx = width / 2;
  const cy = height / 2;
  const invMax = 1 / Math.sqrt(cx * cx + cy * cy);
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const d = Math.sqrt(dx * dx + dy * dy) * invMax;
      const factor = d < 0.45 ? 1 : 1 - strength * (d - 0.45) * 1.6;
      const i = (y * width + x) * 3;
      target[i] = data[i]! * factor;
      target[i + 1] = data[i + 1]! * factor;
      target[i + 2] = data[i + 2]! * factor;
    }
  }
  return out;
}

function scanlines(raster: Raster, strength: number): Raster {
  const { width, height } = raster;
  const out = copyOf(raster);
  const target = out.data;
  const period = Math.max(2, Math.round(4 * (width / 1024)));
  const factor = 1 - strength * 2;
  for (let y = 0; y < height; y += period) {
    for (let i = y * width * 3, end = (y + 1) * width * 3; i < end; i++) target[i] = target[i]! * factor;
  }
  return out;
}

function chromaticShift(raster: Raster, offset: number): Raster {
  const { width, height, data } = raster;
  const out = blankLike(raster);
  const target = out.data;
  const shift = Math.max(1, Math.round(offset * (width / 1024)));
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = (row + x) * 3;
      target[i] = data[(row + (x + shift < width ? x + shift : width - 1)) * 3]!;
      target[i + 1] = data[i + 1]!;
      target[i + 2] = data[(row + (x >= shift ? x - shift : 0)) * 3 + 2]!;
    }
  }
  return out;
}

/** Print with a few inks: darks take the first, strong colours and midtones the second, lights the paper. */
function reduceToInks(raster: Raster, inks: string[]): Raster {
  const colours = inks.map(parseHex).sort((a, b) => 0.299 * a[0] + 0.587 * a[1] + 0.114 * a[2] - (0.299 * b[0] + 0.587 * b[1] + 0.114 * b[2]));
  const darkest = colours[0]!;
  const middle = colours[Math.min(1, colours.length - 1)]!;
  const lightest = colours[colours.length - 1]!;
  const out = blankLike(raster);
  const target = out.data;
  const { data } = raster;
  for (let i = 0; i < data.length; i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const lum = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    const saturation = Math.max(r, g, b) - Math.min(r, g, b);
    const chosen = lum < 0.3 ? darkest : lum < 0.62 || saturation > 110 ? middle : lightest;
    target[i] = chosen[0];
    target[i + 1] = chosen[1];
    target[i + 2] = chosen[2];
  }
  return out;
}

/** Each block becomes an X of thread in the block's colour on linen. */
function crossStitch(raster: Raster, cells: number, linen: string): Raster {
  const { width, height, data } = raster;
  const block = width / cells;
  const [lr, lg, lb] = parseHex(linen);
  const out = blankLike(raster);
  const target = out.data;
  for (let y = 0; y < height; y++) {
    const by = Math.floor(y / block);
    const v = y / block - by;
    const cy = Math.min(height - 1, Math.floor((by + 0.5) * block));
    for (let x = 0; x < width; x++) {
      const bx = Math.floor(x / block);
      const u = x / block - bx;
      const i = (y * width + x) * 3;
      const a = u - v < 0 ? v - u : u - v;
      const c = u + v - 1 < 0 ? 1 - u - v : u + v - 1;
      const onDiagonal = a < c ? a : c;
      if (onDiagonal < 0.27 && u > 0.06 && u < 0.94 && v > 0.06 && v < 0.94) {
        const si = (cy * width + Math.min(width - 1, Math.floor((bx + 0.5) * block))) * 3;
        const sheen = 1.1 - onDiagonal * 1.5;
        target[i] = data[si]! * sheen;
        target[i + 1] = data[si + 1]! * sheen;
        target[i + 2] = data[si + 2]! * sheen;
      } else {
        const weave = (x + y) % 3 === 0 ? 0.93 : 1;
        target[i] = lr * weave;
        target[i + 1] = lg * weave;
        target[i + 2] = lb * weave;
      }
    }
  }
  return out;
}
