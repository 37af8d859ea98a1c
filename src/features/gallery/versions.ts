// A render's versions: every finished render in its re-render chain (see src/generation/rerender.ts) that the
// viewer may see, oldest first, for the list and the before/after comparison on /r/:id.
import type { Data } from "../../db/data";
import { renderVersionRows } from "../../db/render-relatives";
import type { RenderJson } from "./model";
import { toRenderJson } from "./render-row";

/** The chain holding `id`: up to its first version, then down through every later one. */
export async function renderVersions(data: Data, id: string, viewerId: number | null): Promise<RenderJson[]> {
  return (await renderVersionRows(data, id, viewerId)).map(toRenderJson);
}
