// "More like this" on a render page: the public renders whose style fingerprints are nearest to this one's.
import type { Data } from "../../db/data";
import type { GalleryRenderRow } from "../../db/gallery-rows";
import { measuredRendersOfCell, renderFeaturesOf, styleCentres } from "../../db/render-relatives";
import { decodeFeatureVector, featureDistance } from "../../generation/style-measure";
import type { RenderJson } from "./model";
import { toRenderJson } from "./render-row";

/** Style × model cells whose mean fingerprint is nearest this render's: the only ones searched. */
const NEAREST_CELLS = 6;
/** Each searched cell's newest renders. */
const RENDERS_PER_CELL = 24;
/** The centre look-up's bound; a gallery has far fewer style × model cells. */
const MAX_CELLS_COMPARED = 5_000;
/** A matching layout (the difference hash) counts for this much of the distance when the looks are alike. */
const LAYOUT_WEIGHT = 0.1;

function hammingShare(a: string, b: string): number {
  let bits = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  for (; bits > 0n; bits >>= 1n) count += Number(bits & 1n);
  return count / 64;
}

/**
 * Two bounded steps rather than a scan of the gallery: rank the style × model centres (one row each, kept by the
 * measures), then compare this render with the newest renders of the nearest few. At most 6 × 24 fingerprints
 * are compared, whatever the gallery's size. The render's own cell (its other versions) is left out.
 */
export async function moreLikeThis(data: Data, render: RenderJson, limit: number): Promise<RenderJson[]> {
  const own = await renderFeaturesOf(data, render.id);
  const target = own ? decodeFeatureVector(own.vector) : null;
  if (!own || !target) return [];
  const centres = await styleCentres(data, MAX_CELLS_COMPARED);
  const nearestCells = centres
    .map((cell) => {
      const centre = decodeFeatureVector(cell.centroid);
      return { ...cell, distance: centre ? featureDistance(target, centre) : Infinity };
    })
    .filter((cell) => Number.isFinite(cell.distance))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, NEAREST_CELLS);
  const scored: { row: GalleryRenderRow; distance: number }[] = [];
  for (const cell of nearestCells) {
    const rows = await measuredRendersOfCell(data, cell, render, RENDERS_PER_CELL);
    for (const { featureVector, layoutHash, ...row } of rows) {
      const vector = decodeFeatureVector(featureVector);
      if (vector) scored.push({ row, distance: featureDistance(target, vector) + LAYOUT_WEIGHT * hammingShare(own.layoutHash, layoutHash) });
    }
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.row.id.localeCompare(b.row.id))
    .slice(0, limit)
    .map((entry) => toRenderJson(entry.row));
}
