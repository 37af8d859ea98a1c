// The still life: the prompt's things standing on a table, with a card naming each thing the shape alone cannot.
import type { TableItem } from "./prompt-nouns";
import type { Part, SubjectShape, Tone } from "./subject-model";
import { rect } from "./svg-paths";
import { objectParts } from "./table-objects";

const TABLE_TOP = 140;

/** Centres and widths for one, two or three things across the 200-unit box. */
const SLOTS: Record<number, Array<[number, number]>> = {
  1: [[100, 104]],
  2: [[62, 72], [140, 66]],
  3: [[40, 50], [100, 56], [160, 50]],
};

export function drawTable(items: TableItem[]): SubjectShape {
  const slots = SLOTS[Math.min(3, Math.max(1, items.length))]!;
  const parts: Part[] = [
    { d: rect(16, TABLE_TOP + 12, 12, 200 - TABLE_TOP - 12, 2), tone: "dark" },
    { d: rect(172, TABLE_TOP + 12, 12, 200 - TABLE_TOP - 12, 2), tone: "dark" },
    { d: rect(4, TABLE_TOP - 2, 192, 16, 3), tone: "shade" },
    { d: rect(8, TABLE_TOP - 6, 184, 8, 2), tone: "light" },
  ];
  const labels: NonNullable<SubjectShape["labels"]> = [];
  items.slice(0, 3).forEach((item, index) => {
    const [cx, width] = slots[index]!;
    const tone: Tone = index % 2 === 0 ? "main" : "accent";
    parts.push(...objectParts(item.object, cx, TABLE_TOP - 4, width, tone));
    if (item.labelled) labels.push({ x: cx, y: TABLE_TOP + 6, text: item.noun, width: Math.min(width + 6, 12 + item.noun.length * 6.4) });
  });
  return { scale: 0.7, parts, labels };
}
