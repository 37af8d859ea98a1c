// Fills in the style fingerprints of finished renders that have none (painted before fingerprints existed, or whose
// write failed) from their stored web image, then recomputes every style measure.
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { rows, type Data } from "../db/data";
import type { RawRow } from "../db/raw-row";
import type { renders } from "../db/schema";
import { BASELINE_STYLE_SLUG } from "../domain/style-phrase";
import { refreshAllStyleMeasures, recordRenderFeatures } from "../generation/style-measures";
import { styleFeaturesOf } from "../generation/style-features";
import { imageKeyFromUrlPath, type ImageStore } from "../storage";

export interface BackfillReport {
  filled: number;
  unreadable: number;
  measures: number;
}

export async function backfillStyleFeatures(data: Data, store: ImageStore): Promise<BackfillReport> {
  // image_path: NonNullable because the WHERE rules out a null one
  const missing = await rows<RawRow<typeof renders, "id" | "full_key"> & { image_path: NonNullable<RawRow<typeof renders, "image_path">["image_path"]> }>(
    data,
    sql`SELECT r.id, r.full_key, r.image_path FROM renders r LEFT JOIN render_features f ON f.render_id = r.id
       WHERE f.render_id IS NULL AND r.status = 'done' AND r.image_path IS NOT NULL
         AND (r.gallery_seq IS NOT NULL OR r.style_slug = ${BASELINE_STYLE_SLUG})
       ORDER BY r.seq`,
  );
  let filled = 0;
  let unreadable = 0;
  for (const render of missing) {
    // The original's storage key; renders stored before originals were kept have only their web image.
    const key = render.full_key ?? imageKeyFromUrlPath(render.image_path);
    try {
      if (!key) throw new Error("not a stored image");
      const bytes = Buffer.from(await store.read(key));
      await recordRenderFeatures(data, render.id, await styleFeaturesOf(() => sharp(bytes).toColourspace("srgb")));
      filled++;
    } catch {
      unreadable++;
    }
  }
  return { filled, unreadable, measures: await refreshAllStyleMeasures(data) };
}
