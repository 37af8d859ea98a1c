// Uploads cost disk: one no render uses is deleted once it is older than UPLOAD_UNUSED_MAX_AGE_HOURS, swept at boot
// and then daily. Rows go first, in one statement that re-checks "unused", so a render queued meanwhile keeps its photo.
import type { Database } from "bun:sqlite";
import type { Config } from "../../config";
import type { RawRow } from "../../db/raw-row";
import type { uploads } from "../../db/schema";
import { log } from "../../log";
import { deleteUploadFile } from "./uploads";

const SWEEP_EVERY_MS = 24 * 3_600_000;

/** Deletes unused uploads older than the configured age; returns how many went. */
export async function sweepUnusedUploads(sqlite: Database, config: Config, now = Date.now()): Promise<number> {
  const removed = sqlite
    .query<RawRow<typeof uploads, "path">, [number]>(
      `DELETE FROM uploads WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM renders WHERE renders.upload_id = uploads.id)
       RETURNING path`,
    )
    .all(now - config.uploads.unusedMaxAgeMs);
  for (const upload of removed) await deleteUploadFile(config, upload);
  return removed.length;
}

/** Sweeps now and then daily; the returned function stops it. A failed sweep is logged and tried again next time. */
export function startUploadSweeper(sqlite: Database, config: Config): () => void {
  const sweep = () =>
    sweepUnusedUploads(sqlite, config).then(
      (removed) => {
        if (removed > 0) log.info(`Deleted ${removed} unused upload(s) older than ${config.uploads.unusedMaxAgeMs / 3_600_000} h.`);
      },
      (error: unknown) => log.error("Sweeping unused uploads failed; trying again tomorrow.", error),
    );
  void sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
