// Uploads cost disk: one no render uses is deleted once it is older than UPLOAD_UNUSED_MAX_AGE_HOURS, swept at boot
// and then daily. Rows go first, in one statement that re-checks "unused", so a render queued meanwhile keeps its photo.
import { and, lt, notExists, sql } from "drizzle-orm";
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import { log } from "../../log";
import { deleteUploadFile } from "./uploads";

const SWEEP_EVERY_MS = 24 * 3_600_000;

/** Deletes unused uploads older than the configured age; returns how many went. */
export async function sweepUnusedUploads(data: Data, config: Config, now = Date.now()): Promise<number> {
  const { uploads, renders } = data.tables;
  const usedBy = data.db.select({ one: sql`1` }).from(renders).where(sql`${renders.uploadId} = ${uploads.id}`);
  const removed = await data.db
    .delete(uploads)
    .where(and(lt(uploads.createdAt, now - config.uploads.unusedMaxAgeMs), notExists(usedBy)))
    .returning({ path: uploads.path });
  for (const upload of removed) await deleteUploadFile(config, upload);
  return removed.length;
}

/** Sweeps now and then daily; the returned function stops it. A failed sweep is logged and tried again next time. */
export function startUploadSweeper(data: Data, config: Config): () => void {
  const sweep = () =>
    sweepUnusedUploads(data, config).then(
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
