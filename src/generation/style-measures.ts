// Keeps render_features and style_measures: a finished render's fingerprint is stored, then the measure of its style
// on its model is recomputed (or, for a baseline, of every style that shares its prompt and model).
import type { Database } from "bun:sqlite";
import { immediate } from "../db/client";
import type { RawRow } from "../db/raw-row";
import type { renderFeatures, renders } from "../db/schema";
import { BASELINE_STYLE_SLUG } from "../domain/style-phrase";
import type { StyleFeatures } from "./style-features";
import { decodeFeatureVector, encodeFeatureVector, measureStyleEffect, meanVector } from "./style-measure";

/** A style × model is measured over at most this many of its renders (its newest), so one refresh stays cheap. */
const MAX_RENDERS_MEASURED = 400;

type StyleCell = RawRow<typeof renders, "style_slug" | "model_key">;

/**
 * Stores a render's fingerprint and brings the measures it touches up to date, in one transaction. Recomputing
 * on write costs one style × model (a few hundred small vectors at most) per finished render, and keeps pages
 * right while the catalogue paints; `refreshAllStyleMeasures` redoes everything (after moderation, or a backfill).
 */
export function recordRenderFeatures(sqlite: Database, renderId: string, features: StyleFeatures, now = Date.now()): void {
  immediate(sqlite, () => {
    sqlite
      .query(`INSERT INTO render_features (render_id, vector, layout_hash) VALUES (?, ?, ?)
              ON CONFLICT(render_id) DO UPDATE SET vector = excluded.vector, layout_hash = excluded.layout_hash`)
      .run(renderId, encodeFeatureVector(features.vector), features.layoutHash);
    const render = sqlite
      .query<RawRow<typeof renders, "style_slug" | "model_key" | "base_prompt">, [string]>(
        "SELECT style_slug, model_key, base_prompt FROM renders WHERE id = ? AND upload_id IS NULL",
      )
      .get(renderId);
    if (!render) return;
    const styles =
      render.style_slug === BASELINE_STYLE_SLUG
        ? sqlite
            .query<RawRow<typeof renders, "style_slug">, [string, string]>(
              `SELECT DISTINCT style_slug FROM renders WHERE base_prompt = ? AND model_key = ? AND gallery_seq IS NOT NULL`,
            )
            .all(render.base_prompt, render.model_key)
        : [{ style_slug: render.style_slug }];
    for (const { style_slug } of styles) refreshStyleMeasure(sqlite, style_slug, render.model_key, now);
    if (styles.length > 0) markGalleryChanged(sqlite);
  });
}

/**
 * Recomputes one style × model from its public, current, text-to-image renders (a restyled photo has no baseline)
 * and the latest finished baseline of each of their prompts. Removes the row when the style has none left there.
 */
export function refreshStyleMeasure(sqlite: Database, styleSlug: string, modelKey: string, now = Date.now()): void {
  const rows = sqlite
    .query<RawRow<typeof renders, "base_prompt"> & RawRow<typeof renderFeatures, "vector">, [string, string]>(
      `SELECT r.base_prompt, f.vector FROM renders r JOIN render_features f ON f.render_id = r.id
       WHERE r.style_slug = ? AND r.model_key = ? AND r.gallery_seq IS NOT NULL AND r.upload_id IS NULL
       ORDER BY r.gallery_seq DESC LIMIT ${MAX_RENDERS_MEASURED}`,
    )
    .all(styleSlug, modelKey);
  const byPrompt = new Map<string, Float32Array[]>();
  for (const row of rows) {
    const vector = decodeFeatureVector(row.vector);
    if (!vector) continue;
    byPrompt.set(row.base_prompt, [...(byPrompt.get(row.base_prompt) ?? []), vector]);
  }
  const all = [...byPrompt.values()].flat();
  if (all.length === 0) {
    sqlite.query("DELETE FROM style_measures WHERE style_slug = ? AND model_key = ?").run(styleSlug, modelKey);
    return;
  }
  const baselineOf = sqlite.query<RawRow<typeof renderFeatures, "vector">, [string, string]>(
    `SELECT f.vector FROM renders r JOIN render_features f ON f.render_id = r.id
     WHERE r.base_prompt = ? AND r.style_slug = '${BASELINE_STYLE_SLUG}' AND r.model_key = ? AND r.status = 'done'
     ORDER BY r.seq DESC LIMIT 1`,
  );
  const pairs = [];
  for (const [prompt, vectors] of byPrompt) {
    const baseline = baselineOf.get(prompt, modelKey);
    const decoded = baseline ? decodeFeatureVector(baseline.vector) : null;
    // Several renders of one prompt (two runs of the same cell) count as one prompt, by their mean.
    if (decoded) pairs.push({ styled: meanVector(vectors), baseline: decoded });
  }
  const effect = measureStyleEffect(pairs);
  sqlite
    .query(
      `INSERT INTO style_measures (style_slug, model_key, render_count, centroid, prompt_pairs, strength, magnitude, consistency, updated_at)
       VALUES ($slug, $model, $count, $centroid, $pairs, $strength, $magnitude, $consistency, $now)
       ON CONFLICT(style_slug, model_key) DO UPDATE SET render_count = excluded.render_count, centroid = excluded.centroid,
         prompt_pairs = excluded.prompt_pairs, strength = excluded.strength, magnitude = excluded.magnitude,
         consistency = excluded.consistency, updated_at = excluded.updated_at`,
    )
    .run({
      slug: styleSlug,
      model: modelKey,
      count: all.length,
      centroid: encodeFeatureVector([...meanVector(all)]),
      pairs: pairs.length,
      strength: effect?.strength ?? null,
      magnitude: effect?.magnitude ?? null,
      consistency: effect?.consistency ?? null,
      now,
    });
}

/** Public pages show the measures and are cached by the gallery's version: a new measure is a new version. */
function markGalleryChanged(sqlite: Database): void {
  sqlite.query("UPDATE gallery_state SET version = version + 1 WHERE id = 1").run();
}

/** Every style × model again, and the rows of ones that no longer have public renders dropped. */
export function refreshAllStyleMeasures(sqlite: Database, now = Date.now()): number {
  return immediate(sqlite, () => {
    const cells = sqlite
      .query<StyleCell, []>(
        `SELECT DISTINCT style_slug, model_key FROM renders WHERE gallery_seq IS NOT NULL
         UNION SELECT style_slug, model_key FROM style_measures`,
      )
      .all();
    for (const cell of cells) refreshStyleMeasure(sqlite, cell.style_slug, cell.model_key, now);
    markGalleryChanged(sqlite);
    return cells.length;
  });
}
