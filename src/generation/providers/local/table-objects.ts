// Things a still life can put on its table, each drawn standing on a line at a given centre and width, and the words that ask for them.
import type { Part, Tone } from "./subject-model";
import { circle, ellipse, polygon, rect, svgNumber as n } from "./svg-paths";

export type TableObject =
  | "noodleBowl" | "soupBowl" | "saladBowl" | "bowl" | "fruit" | "banana" | "bottle" | "vase" | "book" | "cake"
  | "candle" | "bread" | "glass" | "pizza" | "burger" | "plant" | "jar" | "box" | "ball" | "cone";

/** Known nouns, whole words; a trailing plural "s" is tried too. Everything unknown gets a generic, labelled shape. */
export const OBJECT_WORDS: Array<[TableObject, string[]]> = [
  ["noodleBowl", ["ramen", "noodles", "noodle", "pho", "udon", "soba", "spaghetti", "pasta", "lo mein"]],
  ["soupBowl", ["soup", "stew", "curry", "broth", "chowder", "porridge", "oatmeal", "cereal", "rice"]],
  ["saladBowl", ["salad", "greens", "poke"]],
  ["bowl", ["bowl", "basin", "dish"]],
  ["fruit", ["apple", "orange", "pear", "peach", "lemon", "lime", "plum", "cherry", "cherries", "tomato", "fruit", "fruits", "grapes", "strawberry", "strawberries", "pomegranate"]],
  ["banana", ["banana", "bananas"]],
  ["bottle", ["bottle", "wine", "beer", "potion", "perfume", "soda", "milk", "oil"]],
  ["vase", ["vase", "urn", "amphora", "pottery", "jug", "pitcher", "ceramic"]],
  ["book", ["book", "books", "novel", "notebook", "diary", "journal", "library", "manuscript"]],
  ["cake", ["cake", "cupcake", "pie", "dessert", "pastry", "muffin", "donut", "doughnut", "birthday"]],
  ["candle", ["candle", "candles", "lamp", "lantern", "candlestick"]],
  ["bread", ["bread", "loaf", "baguette", "croissant", "bun", "bagel"]],
  ["glass", ["glass", "cocktail", "drink", "juice", "smoothie", "martini", "lemonade", "whiskey"]],
  ["pizza", ["pizza", "pancake", "pancakes", "tart", "plate", "sushi", "omelette", "waffle"]],
  ["burger", ["burger", "hamburger", "sandwich", "cheeseburger", "taco"]],
  ["plant", ["succulent", "cactus", "houseplant", "fern", "bonsai"]],
];

/** Generic shapes for unknown nouns, chosen by the noun's hash; the label says what they stand for. */
export const GENERIC_OBJECTS: TableObject[] = ["jar", "box", "ball", "cone", "vase", "bottle"];

/**
 * Parts of one object standing on y = `base`, centred on `cx`, about `w` wide, in box units.
 * `tone` colours its body; details take the other tones.
 */
export function objectParts(object: TableObject, cx: number, base: number, w: number, tone: Tone): Part[] {
  const other: Tone = tone === "main" ? "accent" : "main";
  const half = w / 2;
  switch (object) {
    case "noodleBowl":
    case "soupBowl":
    case "saladBowl":
    case "bowl":
      return bowlParts(object, cx, base, w, tone, other);
    case "fruit": {
      const r = w * 0.26;
      return [
        { d: circle(cx - r * 0.95, base - r, r), tone },
        { d: circle(cx + r * 0.95, base - r, r), tone: other },
        { d: circle(cx, base - r * 2.3, r), tone },
        { d: `M${n(cx)} ${n(base - r * 3.2)}l${n(r * 0.2)} ${n(-r * 0.5)}`, tone: "dark", line: 2.5, bare: true },
        { d: ellipse(cx + r * 0.45, base - r * 3.45, r * 0.35, r * 0.16), tone: "light", transform: `rotate(-25 ${n(cx + r * 0.45)} ${n(base - r * 3.45)})` },
        { d: circle(cx - r * 0.3, base - r * 2.6, r * 0.25), tone: "light", bare: true, opacity: 0.6 },
      ];
    }
    case "banana":
      return [
        { d: `M${n(cx - half)} ${n(base - w * 0.35)}C${n(cx - half * 0.6)} ${n(base + w * 0.05)} ${n(cx + half * 0.7)} ${n(base + w * 0.02)} ${n(cx + half)} ${n(base - w * 0.42)}C${n(cx + half * 0.5)} ${n(base - w * 0.12)} ${n(cx - half * 0.5)} ${n(base - w * 0.1)} ${n(cx - half)} ${n(base - w * 0.35)}Z`, tone: "glow" },
        { d: `M${n(cx + half)} ${n(base - w * 0.42)}l${n(w * 0.06)} ${n(-w * 0.08)}`, tone: "dark", line: 3, bare: true },
      ];
    case "bottle": {
      const body = w * 0.36;
      const h = w * 1.5;
      return [
        { d: rect(cx - body, base - h * 0.66, body * 2, h * 0.66, body * 0.35), tone },
        { d: polygon([[cx - body * 0.95, base - h * 0.62], [cx - body * 0.35, base - h * 0.8], [cx + body * 0.35, base - h * 0.8], [cx + body * 0.95, base - h * 0.62]]), tone },
        { d: rect(cx - body * 0.32, base - h, body * 0.64, h * 0.24, 2), tone },
        { d: rect(cx - body * 0.36, base - h - 6, body * 0.72, 8, 2), tone: "dark" },
        { d: rect(cx - body * 0.82, base - h * 0.48, body * 1.64, h * 0.22), tone: "light" },
        { d: rect(cx - body * 0.6, base - h * 0.6, body * 0.2, h * 0.5, 2), tone: "light", bare: true, opacity: 0.5 },
      ];
    }
    case "vase": {
      const h = w * 1.35;
      return [
        { d: `M${n(cx - half * 0.45)} ${n(base)}C${n(cx - half * 1.2)} ${n(base - h * 0.3)} ${n(cx - half * 0.9)} ${n(base - h * 0.62)} ${n(cx - half * 0.3)} ${n(base - h * 0.8)}L${n(cx - half * 0.42)} ${n(base - h)}H${n(cx + half * 0.42)}L${n(cx + half * 0.3)} ${n(base - h * 0.8)}C${n(cx + half * 0.9)} ${n(base - h * 0.62)} ${n(cx + half * 1.2)} ${n(base - h * 0.3)} ${n(cx + half * 0.45)} ${n(base)}Z`, tone },
        { d: `M${n(cx - half * 0.86)} ${n(base - h * 0.42)}Q${n(cx)} ${n(base - h * 0.34)} ${n(cx + half * 0.86)} ${n(base - h * 0.42)}`, tone: other, line: 5, bare: true },
        { d: ellipse(cx, base - h, half * 0.42, 4), tone: "dark" },
        { d: `M${n(cx - half * 0.5)} ${n(base - h * 0.6)}Q${n(cx - half * 0.62)} ${n(base - h * 0.3)} ${n(cx - half * 0.35)} ${n(base - h * 0.1)}`, tone: "light", line: 3, bare: true, opacity: 0.6 },
      ];
    }
    case "book":
      return [
        { d: rect(cx - half, base - 14, w, 14, 2), tone },
        { d: rect(cx - half + 3, base - 11, w - 6, 3), tone: "light", bare: true },
        { d: rect(cx - half * 0.9, base - 28, w * 0.9, 14, 2), tone: other },
        { d: rect(cx - half * 0.9 + 3, base - 25, w * 0.9 - 6, 3), tone: "light", bare: true },
        { d: rect(cx - half * 0.8, base - 54, w * 0.55, 26, 2), tone, transform: `rotate(-8 ${n(cx)} ${n(base - 28)})` },
      ];
    case "cake": {
      const h = w * 0.62;
      return [
        { d: rect(cx - half, base - h, w, h, 4), tone },
        { d: `M${n(cx - half)} ${n(base - h + 4)}Q${n(cx - half)} ${n(base - h - 6)} ${n(cx - half + 8)} ${n(base - h - 6)}H${n(cx + half - 8)}Q${n(cx + half)} ${n(base - h - 6)} ${n(cx + half)} ${n(base - h + 4)}V${n(base - h + 12)}Q${n(cx + half * 0.6)} ${n(base - h + 22)} ${n(cx + half * 0.3)} ${n(base - h + 10)}Q${n(cx)} ${n(base - h + 24)} ${n(cx - half * 0.35)} ${n(base - h + 10)}Q${n(cx - half * 0.7)} ${n(base - h + 20)} ${n(cx - half)} ${n(base - h + 12)}Z`, tone: "light" },
        { d: rect(cx - 3, base - h - 26, 6, 20, 2), tone: other },
        { d: ellipse(cx, base - h - 32, 4, 7), tone: "glow", bare: true },
        { d: rect(cx - half, base - h * 0.45, w, 5), tone: other, bare: true },
      ];
    }
    case "candle": {
      const h = w * 1.1;
      return [
        { d: ellipse(cx, base - 4, half * 0.7, 6), tone: "dark" },
        { d: rect(cx - half * 0.3, base - h, w * 0.6, h - 4, 3), tone: "light" },
        { d: `M${n(cx)} ${n(base - h)}v-8`, tone: "dark", line: 2, bare: true },
        { d: `M${n(cx)} ${n(base - h - 30)}C${n(cx + 9)} ${n(base - h - 14)} ${n(cx + 7)} ${n(base - h - 6)} ${n(cx)} ${n(base - h - 6)}C${n(cx - 7)} ${n(base - h - 6)} ${n(cx - 9)} ${n(base - h - 14)} ${n(cx)} ${n(base - h - 30)}Z`, tone: "glow", bare: true },
        { d: circle(cx, base - h - 14, 20), tone: "glow", bare: true, opacity: 0.25, afterDark: true },
      ];
    }
    case "bread":
      return [
        { d: `M${n(cx - half)} ${n(base)}C${n(cx - half)} ${n(base - w * 0.55)} ${n(cx + half)} ${n(base - w * 0.55)} ${n(cx + half)} ${n(base)}Z`, tone },
        ...[-0.5, 0, 0.5].map((t): Part => ({ d: `M${n(cx + t * half - 6)} ${n(base - w * 0.3)}l12 -8`, tone: "light", line: 3, bare: true })),
      ];
    case "glass": {
      const h = w * 1.1;
      return [
        { d: polygon([[cx - half * 0.62, base - h], [cx + half * 0.62, base - h], [cx + half * 0.45, base], [cx - half * 0.45, base]]), tone: "light", opacity: 0.55 },
        { d: polygon([[cx - half * 0.55, base - h * 0.62], [cx + half * 0.55, base - h * 0.62], [cx + half * 0.45, base - 3], [cx - half * 0.45, base - 3]]), tone },
        { d: `M${n(cx + half * 0.1)} ${n(base - h * 0.5)}L${n(cx + half * 0.5)} ${n(base - h - 18)}`, tone: other, line: 3.5, bare: true },
        { d: circle(cx - half * 0.5, base - h - 2, 8), tone: other },
      ];
    }
    case "pizza":
      return [
        { d: ellipse(cx, base - 6, half * 1.05, 9), tone: "light" },
        { d: ellipse(cx, base - 9, half * 0.85, 7), tone: "glow" },
        { d: ellipse(cx, base - 10, half * 0.72, 5.5), tone },
        ...[-0.4, 0, 0.4].map((t): Part => ({ d: ellipse(cx + t * half, base - 10, 4, 2.2), tone: other, bare: true })),
      ];
    case "burger": {
      const h = w * 0.7;
      return [
        { d: rect(cx - half, base - h * 0.22, w, h * 0.22, 6), tone: "glow" },
        { d: rect(cx - half * 1.05, base - h * 0.42, w * 1.05, h * 0.16, 5), tone: "dark" },
        { d: `M${n(cx - half * 1.08)} ${n(base - h * 0.44)}q${n(w * 0.135)} ${n(-h * 0.12)} ${n(w * 0.27)} 0t${n(w * 0.27)} 0t${n(w * 0.27)} 0t${n(w * 0.27)} 0`, tone: "accent", line: 5, bare: true },
        { d: `M${n(cx - half)} ${n(base - h * 0.5)}C${n(cx - half)} ${n(base - h * 1.05)} ${n(cx + half)} ${n(base - h * 1.05)} ${n(cx + half)} ${n(base - h * 0.5)}Z`, tone: "glow" },
        ...[-0.4, 0, 0.4].map((t): Part => ({ d: ellipse(cx + t * half, base - h * 0.75, 2.4, 1.4), tone: "light", bare: true })),
      ];
    }
    case "plant": {
      const h = w * 0.5;
      return [
        ...[-0.6, -0.2, 0.2, 0.6].map((t): Part => ({ d: ellipse(cx + t * half, base - h - w * 0.35, w * 0.12, w * 0.32), tone: "accent", transform: `rotate(${n(t * 40)} ${n(cx + t * half)} ${n(base - h)})` })),
        { d: polygon([[cx - half * 0.7, base - h], [cx + half * 0.7, base - h], [cx + half * 0.5, base], [cx - half * 0.5, base]]), tone },
        { d: rect(cx - half * 0.78, base - h - 6, w * 0.78, 9, 2), tone },
      ];
    }
    case "jar": {
      const h = w * 1.05;
      return [
        { d: rect(cx - half * 0.8, base - h, w * 0.8, h, 10), tone },
        { d: rect(cx - half * 0.62, base - h - 9, w * 0.62, 12, 3), tone: other },
        { d: rect(cx - half * 0.56, base - h * 0.7, w * 0.16, h * 0.55, 4), tone: "light", bare: true, opacity: 0.5 },
      ];
    }
    case "box": {
      const h = w * 0.75;
      return [
        { d: rect(cx - half, base - h, w, h, 2), tone },
        { d: polygon([[cx - half, base - h], [cx - half + 10, base - h - 10], [cx + half + 10, base - h - 10], [cx + half, base - h]]), tone: "light" },
        { d: polygon([[cx + half, base - h], [cx + half + 10, base - h - 10], [cx + half + 10, base - 10], [cx + half, base]]), tone: "shade" },
        { d: rect(cx - 4, base - h, 8, h), tone: other, bare: true },
      ];
    }
    case "ball": {
      const r = half * 0.8;
      return [
        { d: circle(cx, base - r, r), tone },
        { d: `M${n(cx - r)} ${n(base - r)}Q${n(cx)} ${n(base - r * 0.55)} ${n(cx + r)} ${n(base - r)}`, tone: other, line: 5, bare: true },
        { d: circle(cx - r * 0.35, base - r * 1.35, r * 0.22), tone: "light", bare: true, opacity: 0.7 },
      ];
    }
    case "cone":
      return [
        { d: polygon([[cx - half * 0.8, base], [cx, base - w * 1.1], [cx + half * 0.8, base]]), tone },
        { d: polygon([[cx - half * 0.5, base - w * 0.38], [cx + half * 0.5, base - w * 0.38], [cx + half * 0.6, base - w * 0.26], [cx - half * 0.6, base - w * 0.26]]), tone: other, bare: true },
      ];
  }
}

function bowlParts(object: TableObject, cx: number, base: number, w: number, tone: Tone, other: Tone): Part[] {
  const half = w / 2;
  const depth = w * 0.42;
  const rim = base - depth;
  const parts: Part[] = [];
  if (object === "noodleBowl") {
    // Chopsticks behind the rim, then noodles heaped above it.
    parts.push({ d: `M${n(cx - half * 0.1)} ${n(rim - 4)}L${n(cx + half * 1.05)} ${n(rim - w * 0.55)}`, tone: "dark", line: 3.5, bare: true });
    parts.push({ d: `M${n(cx + half * 0.05)} ${n(rim - 2)}L${n(cx + half * 1.15)} ${n(rim - w * 0.45)}`, tone: "dark", line: 3.5, bare: true });
  }
  // Control points a third of the depth below the base put the curve's lowest point on the base.
  parts.push({ d: `M${n(cx - half)} ${n(rim)}C${n(cx - half)} ${n(base + depth / 3)} ${n(cx + half)} ${n(base + depth / 3)} ${n(cx + half)} ${n(rim)}Z`, tone });
  parts.push({ d: rect(cx - half * 0.35, base - 4, half * 0.7, 5, 2), tone });
  parts.push({ d: ellipse(cx, rim, half, w * 0.08), tone: "dark" });
  if (object === "noodleBowl") {
    parts.push({ d: ellipse(cx, rim - 1, half * 0.9, w * 0.06), tone: "glow" });
    for (let i = 0; i < 4; i++) {
      const x0 = cx - half * 0.75 + i * half * 0.38;
      parts.push({ d: `M${n(x0)} ${n(rim)}q${n(w * 0.05)} ${n(-w * 0.1)} ${n(w * 0.1)} 0t${n(w * 0.1)} 0`, tone: "light", line: 2.5, bare: true });
    }
    parts.push({ d: circle(cx + half * 0.35, rim - 3, w * 0.09), tone: "light" });
    parts.push({ d: circle(cx + half * 0.35, rim - 3, w * 0.045), tone: "glow", bare: true });
    parts.push({ d: polygon([[cx - half * 0.65, rim - 2], [cx - half * 0.25, rim - w * 0.2], [cx - half * 0.05, rim - 2]]), tone: other });
  } else if (object === "soupBowl") {
    parts.push({ d: ellipse(cx, rim, half * 0.9, w * 0.06), tone: other });
    parts.push({ d: circle(cx - half * 0.3, rim - 1, 2.6), tone: "light", bare: true });
    parts.push({ d: circle(cx + half * 0.25, rim, 2), tone: "light", bare: true });
  } else if (object === "saladBowl") {
    for (const t of [-0.55, -0.15, 0.25, 0.6]) parts.push({ d: ellipse(cx + t * half, rim - 4, w * 0.13, w * 0.08), tone: "accent" });
    parts.push({ d: circle(cx + half * 0.05, rim - 6, w * 0.06), tone: "main" });
  }
  if (object === "noodleBowl" || object === "soupBowl") {
    for (const t of [-0.3, 0.1]) {
      parts.push({ d: `M${n(cx + t * half)} ${n(rim - w * 0.22)}c-6 -8 6 -14 0 -24`, tone: "light", line: 2.5, bare: true, opacity: 0.6 });
    }
  }
  parts.push({ d: `M${n(cx - half * 0.7)} ${n(rim + w * 0.1)}Q${n(cx - half * 0.55)} ${n(base - w * 0.08)} ${n(cx - half * 0.25)} ${n(base - w * 0.04)}`, tone: "light", line: 2.5, bare: true, opacity: 0.5 });
  return parts;
}
