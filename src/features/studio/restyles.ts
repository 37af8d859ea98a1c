// Reads of one restyle request's results (a photo in one style on several models) for its results page.
import type { Data } from "../../db/data";
import type { RenderJson } from "../gallery/model";
import { ownRestyleRows } from "../../db/gallery-reads";
import { toRenderJson } from "../gallery/render-row";

export interface RestyleResult {
  render: RenderJson;
  /** The photo it restyled, for the before/after slider. */
  uploadId: string;
}

/** The user's own restyles among `ids`, in that order; renders that are not theirs or not restyles are left out. */
export async function findOwnRestyles(data: Data, userId: number, ids: readonly string[]): Promise<RestyleResult[]> {
  const rows = await ownRestyleRows(data, userId, ids);
  const byId = new Map(rows.map((row) => [row.id, { render: toRenderJson(row), uploadId: row.upload_id }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Where a form that restyled with several models lands: all their results on one page. */
export function restyleResultsPath(ids: readonly string[]): string {
  return `/studio/restyles?ids=${ids.map(encodeURIComponent).join(",")}`;
}
