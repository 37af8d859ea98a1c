// Keeps render_features and style_measures: a finished render's fingerprint is stored, then the measure of its style
// on its model is recomputed (or, for a baseline, of every style that shares its prompt and model).
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { run, runRows, transaction, type Data, type Tables, type Tx } from "../db/data";
import type { Step } from "../db/renders";
import { BASELINE_STYLE_SLUG } from "../domain/style-phrase";
import type { StyleFeatures } from "./style-features";
import { decodeFeatureVector, encodeFeatureVector, measureStyleEffect, meanVector } from "./style-measure";

/** A style × model is measured over at most this many of its renders (its newest), so one refresh stays cheap. */
const MAX_RENDERS_MEASURED = 400;

/**
 * Stores a render's fingerprint and brings the measures it touches up to date, in one transaction. Recomputing
 * on write costs one style × model (a few hundred small vectors at most) per finished render, and keeps pages
 * right while the catalogue paints; `refreshAllStyleMeasures` redoes everything (after moderation, or a backfill).
 */
export async function recordRenderFeatures(data: Data, renderId: string, features: StyleFeatures, now = Date.now()): Promise<void> {
  const tables = data.tables;
  const { renders, renderFeatures } = tables;
  const vector = encodeFeatureVector(features.vector);
  await transaction(data, function* (tx) {
    yield* run(
      tx
        .insert(renderFeatures)
        .values({ renderId, vector, layoutHash: features.layoutHash })
        .onConflictDoUpdate({ target: renderFeatures.renderId, set: { vector, layoutHash: features.layoutHash } }),
    );
    const [render] = yield* run(
      tx
        .select({ styleSlug: renders.styleSlug, modelKey: renders.modelKey, basePrompt: renders.basePrompt })
        .from(renders)
        .where(and(eq(renders.id, renderId), isNull(renders.uploadId))),
    );
    if (!render) return;
    const styles =
      render.styleSlug === BASELINE_STYLE_SLUG
        ? yield* run(
            tx
              .selectDistinct({ styleSlug: renders.styleSlug })
              .from(renders)
              .where(and(eq(renders.basePrompt, render.basePrompt), eq(renders.modelKey, render.modelKey), isNotNull(renders.gallerySeq))),
          )
        : [{ styleSlug: render.styleSlug }];
    for (const { styleSlug } of styles) yield* refreshStyleMeasure(tx, tables, styleSlug, render.modelKey, now);
    if (styles.length > 0) yield* markGalleryChanged(tx, tables);
  });
}

/**
 * Recomputes one style × model from its public, current, text-to-image renders (a restyled photo has no baseline)
 * and the latest finished baseline of each of their prompts. Removes the row when the style has none left there.
 */
export function* refreshStyleMeasure(tx: Tx, tables: Tables, styleSlug: string, modelKey: string, now = Date.now()): Step<void> {
  const { renders, renderFeatures, styleMeasures } = tables;
  const measured = yield* run(
    tx
      .select({ basePrompt: renders.basePrompt, vector: renderFeatures.vector })
      .from(renders)
      .innerJoin(renderFeatures, eq(renderFeatures.renderId, renders.id))
      .where(and(eq(renders.styleSlug, styleSlug), eq(renders.modelKey, modelKey), isNotNull(renders.gallerySeq), isNull(renders.uploadId)))
      .orderBy(desc(renders.gallerySeq))
      .limit(MAX_RENDERS_MEASURED),
  );
  const byPrompt = new Map<string, Float32Array[]>();
  for (const row of measured) {
    const vector = decodeFeatureVector(row.vector);
    if (!vector) continue;
    byPrompt.set(row.basePrompt, [...(byPrompt.get(row.basePrompt) ?? []), vector]);
  }
  const all = [...byPrompt.values()].flat();
  if (all.length === 0) {
    yield* run(tx.delete(styleMeasures).where(and(eq(styleMeasures.styleSlug, styleSlug), eq(styleMeasures.modelKey, modelKey))));
    return;
  }
  const pairs = [];
  for (const [prompt, vectors] of byPrompt) {
    const [baseline] = yield* run(
      tx
        .select({ vector: renderFeatures.vector })
        .from(renders)
        .innerJoin(renderFeatures, eq(renderFeatures.renderId, renders.id))
        .where(and(eq(renders.basePrompt, prompt), eq(renders.styleSlug, BASELINE_STYLE_SLUG), eq(renders.modelKey, modelKey), eq(renders.status, "done")))
        .orderBy(desc(renders.seq))
        .limit(1),
    );
    const decoded = baseline ? decodeFeatureVector(baseline.vector) : null;
    // Several renders of one prompt (two runs of the same cell) count as one prompt, by their mean.
    if (decoded) pairs.push({ styled: meanVector(vectors), baseline: decoded });
  }
  const effect = measureStyleEffect(pairs);
  const measure = {
    renderCount: all.length,
    centroid: encodeFeatureVector([...meanVector(all)]),
    promptPairs: pairs.length,
    strength: effect?.strength ?? null,
    magnitude: effect?.magnitude ?? null,
    consistency: effect?.consistency ?? null,
    updatedAt: now,
  };
  yield* run(
    tx
      .insert(styleMeasures)
      .values({ styleSlug, modelKey, ...measure })
      .onConflictDoUpdate({ target: [styleMeasures.styleSlug, styleMeasures.modelKey], set: measure }),
  );
}

/** Public pages show the measures and are cached by the gallery's version: a new measure is a new version. */
function* markGalleryChanged(tx: Tx, { galleryState }: Tables): Step<void> {
  yield* run(tx.update(galleryState).set({ version: sql`${galleryState.version} + 1` }).where(eq(galleryState.id, 1)));
}

/** Every style × model again, and the rows of ones that no longer have public renders dropped. */
export function refreshAllStyleMeasures(data: Data, now = Date.now()): Promise<number> {
  const tables = data.tables;
  return transaction(data, function* (tx) {
    const cells = yield* runRows<{ styleSlug: string; modelKey: string }>(
      sql`SELECT DISTINCT style_slug AS "styleSlug", model_key AS "modelKey" FROM renders WHERE gallery_seq IS NOT NULL
          UNION SELECT style_slug AS "styleSlug", model_key AS "modelKey" FROM style_measures`,
    );
    for (const cell of cells) yield* refreshStyleMeasure(tx, tables, cell.styleSlug, cell.modelKey, now);
    yield* markGalleryChanged(tx, tables);
    return cells.length;
  });
}
