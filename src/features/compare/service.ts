// The rules of a comparison (two finished renders of the same prompt, both visible to the viewer) and what a
// render can be compared with: other models in its style, other styles on its model, its other versions.
import type { Data } from "../../db/data";
import { renderUploadIdOf } from "../../db/gallery-reads";
import { otherModelRows, otherStyleRows } from "../../db/render-relatives";
import { HttpError } from "../../http/http-error";
import type { RenderJson } from "../gallery/model";
import { toRenderJson } from "../gallery/render-row";
import { findViewableRender } from "../gallery/service";
import { renderVersions } from "../gallery/versions";

export interface ComparedPair {
  a: RenderJson;
  b: RenderJson;
  /** Only anyone's to see when both are public: then the page and heat map may be cached for everyone. */
  isPublic: boolean;
}

export type LoadViewerId = () => Promise<number | null>;

const NOT_FOUND = "We couldn’t find that render, or it isn’t public.";
export const SAME_PROMPT_ONLY = "Compare renders of the same prompt: a comparison shows what a style, a model or a re-render changes, which only makes sense when the prompt stays the same.";
const SAME_PHOTO_ONLY = "Compare restyles of the same photo: these two started from different photos (or one from a prompt alone).";

/** The photo a restyle started from (null for a render from a prompt alone): restyles of different photos all read "your photo". */
async function uploadOf(data: Data, renderId: string): Promise<string | null> {
  return renderUploadIdOf(data, renderId);
}

/** A finished render the viewer may see, or a 404 (the same answer whether it is missing or someone else's). */
function finishedRender(render: RenderJson | null, name: string): RenderJson {
  if (!render) throw new HttpError(404, `${NOT_FOUND} (${name})`);
  if (render.status !== "done" || !render.image_path) throw new HttpError(400, `Render ${name} isn’t finished yet, so there is no picture to compare.`);
  return render;
}

/**
 * The two renders of /compare?a=&b=. Public renders are found without the session; only when one is not
 * public is the viewer looked up, so a shared link to two public renders costs no cookie work.
 */
export async function findComparedPair(data: Data, ids: { a: string; b: string }, loadViewerId: LoadViewerId): Promise<ComparedPair> {
  let a = await findViewableRender(data, ids.a, null);
  let b = await findViewableRender(data, ids.b, null);
  const isPublic = a !== null && b !== null;
  if (!isPublic) {
    const viewerId = await loadViewerId();
    if (viewerId !== null) {
      a ??= await findViewableRender(data, ids.a, viewerId);
      b ??= await findViewableRender(data, ids.b, viewerId);
    }
  }
  const first = finishedRender(a, "a");
  const second = finishedRender(b, "b");
  if (first.id === second.id) throw new HttpError(400, "Choose two different renders to compare (a and b are the same render).");
  if (first.base_prompt !== second.base_prompt) throw new HttpError(400, SAME_PROMPT_ONLY);
  if ((await uploadOf(data, first.id)) !== (await uploadOf(data, second.id))) throw new HttpError(400, SAME_PHOTO_ONLY);
  return { a: first, b: second, isPublic };
}

/** A render /compare?a= starts from (no b yet): the same visibility rules as a pair. */
export async function findComparedRender(data: Data, id: string, loadViewerId: LoadViewerId): Promise<{ render: RenderJson; isPublic: boolean }> {
  const open = await findViewableRender(data, id, null);
  if (open) return { render: finishedRender(open, "a"), isPublic: true };
  const viewerId = await loadViewerId();
  return { render: finishedRender(viewerId === null ? null : await findViewableRender(data, id, viewerId), "a"), isPublic: false };
}

export interface CompareChoices {
  /** The render's other versions the viewer may see, oldest first. */
  versions: RenderJson[];
  /** The same prompt and style by other models. */
  otherModels: RenderJson[];
  /** The same prompt and model in other styles, A–Z. */
  otherStyles: RenderJson[];
}

export async function compareChoices(data: Data, render: RenderJson, viewerId: number | null, maxStyles: number): Promise<CompareChoices> {
  const viewer = viewerId ?? -1;
  const upload = await uploadOf(data, render.id);
  const otherModels = await otherModelRows(data, render, viewer, upload);
  const otherStyles = await otherStyleRows(data, render, viewer, upload, maxStyles);
  return {
    versions: (await renderVersions(data, render.id, viewerId)).filter((version) => version.id !== render.id),
    otherModels: firstPerCell(otherModels.map(toRenderJson)),
    otherStyles: firstPerCell(otherStyles.map(toRenderJson)),
  };
}

/** One render per style × model: the latest version the viewer may see (rows come latest first within a cell). */
function firstPerCell(renders: RenderJson[]): RenderJson[] {
  const seen = new Set<string>();
  return renders.filter((render) => {
    const cell = `${render.style_slug}\n${render.model_key}`;
    if (seen.has(cell)) return false;
    seen.add(cell);
    return true;
  });
}
