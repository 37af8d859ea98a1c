// Request schemas of /compare and its heat map, and the page's view modes.
import { t } from "elysia";
import { textParam } from "../../http/params";

export const COMPARE_MODES = ["slider", "side", "diff"] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

const renderId = (name: string, description: string) => textParam(name, 64, description);

export const compareQuery = t.Object({
  a: renderId("a", "The render shown on the left"),
  b: t.Optional(renderId("b", "The render shown on the right (same prompt); without it the page lists what a can be compared with")),
  mode: t.Optional(t.UnionEnum(COMPARE_MODES, { description: "slider (default), side (side by side) or diff (difference heat map)", error: "mode must be slider, side or diff" })),
});

export const heatmapQuery = t.Object({
  a: renderId("a", "One render"),
  b: renderId("b", "Another render of the same prompt"),
});
