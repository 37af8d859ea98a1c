// "More like this" on a render page: the public renders whose style fingerprints are nearest to this one's.
import type { Database } from "bun:sqlite";
import { decodeFeatureVector, featureDistance } from "../../generation/style-measure";
import type { RenderJson } from "./model";
import { RENDER_COLUMNS, toRenderJson, type RenderRow } from "./render-row";

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
export function moreLikeThis(sqlite: Database, render: RenderJson, limit: number): RenderJson[] {
  const own = sqlite.query("SELECT vector, layout_hash FROM render_features WHERE render_id = ?").get(render.id) as { vector: Uint8Array; layout_hash: string } | null;
  const target = own ? decodeFeatureVector(own.vector) : null;
  if (!own || !target) return [];
  const centres = sqlite
    .query(`SELECT style_slug, model_key, centroid FROM style_measures LIMIT ${MAX_CELLS_COMPARED}`)
    .all() as { style_slug: string; model_key: string; centroid: Uint8Array }[];
  const nearestCells = centres
    .map((cell) => {
      const centre = decodeFeatureVector(cell.centroid);
      return { ...cell, distance: centre ? featureDistance(target, centre) : Infinity };
    })
    .filter((cell) => Number.isFinite(cell.distance))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, NEAREST_CELLS);
  const cellRenders = sqlite.query(
    `SELECT ${RENDER_COLUMNS}, f.vector AS feature_vector, f.layout_hash FROM renders r JOIN render_features f ON f.render_id = r.id
     WHERE r.style_slug = ? AND r.model_key = ? AND r.gallery_seq IS NOT NULL AND r.nsfw = 0
       AND NOT (r.style_slug = ? AND r.base_prompt = ? AND r.model_key = ?)
     ORDER BY r.gallery_seq DESC LIMIT ${RENDERS_PER_CELL}`,
  );
  const scored: { row: RenderRow; distance: number }[] = [];
  for (const cell of nearestCells) {
    const rows = cellRenders.all(cell.style_slug, cell.model_key, render.style_slug, render.base_prompt, render.model_key) as (RenderRow & {
      feature_vector: Uint8Array;
      layout_hash: string;
    })[];
    for (const { feature_vector, layout_hash, ...row } of rows) {
      const vector = decodeFeatureVector(feature_vector);
      if (vector) scored.push({ row, distance: featureDistance(target, vector) + LAYOUT_WEIGHT * hammingShare(own.layout_hash, layout_hash) });
    }
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.row.id.localeCompare(b.row.id))
    .slice(0, limit)
    .map((entry) => toRenderJson(entry.row));
}
