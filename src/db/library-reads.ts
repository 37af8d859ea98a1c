// The library's reads: the public renders of a gallery snapshot in keyset batches (the ZIP walks every one, three
// times), their originals' sizes, and the one render a full-resolution download serves.
import { and, eq, gt, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { prepared, rows, run, transaction, type Data } from "./data";
import type { renders as sqliteRenders } from "./schema";
import { q, toSql } from "./sql-text";

type Render = typeof sqliteRenders.$inferSelect;

/** Where a render's full-resolution original is stored and how large it is (null until recorded). */
export type OriginalRow = Pick<Render, "id" | "imagePath" | "fullKey" | "fullBytes">;

export type LibraryRender = OriginalRow &
  Pick<Render, "basePrompt" | "stylePhrase" | "styleSlug" | "modelKey" | "completedAt" | "createdAt" | "gallerySeq">;

const snapshotQuery = (data: Data) => {
  const { galleryState } = data.tables;
  return data.db.select({ n: galleryState.lastGallerySeq }).from(galleryState).where(eq(galleryState.id, 1)).prepare("library_snapshot");
};

/** The highest gallery position handed out so far: the snapshot a library ZIP is fixed to. */
export async function publishedSnapshot(data: Data): Promise<number> {
  const [row] = await prepared(data, snapshotQuery).execute();
  return row?.n ?? 0;
}

/**
 * Public finished renders after gallery position `after`, up to the snapshot (keyset paging). Raw for the same
 * reason as the style page: the builder's row mapping on every render, three times per download.
 */
export async function libraryBatch(data: Data, after: number, snapshot: number, limit: number): Promise<LibraryRender[]> {
  const found = await rows<LibraryRender>(
    data,
    toSql(
      data,
      q`SELECT id, base_prompt AS "basePrompt", style_phrase AS "stylePhrase", style_slug AS "styleSlug", model_key AS "modelKey",
          image_path AS "imagePath", full_key AS "fullKey", full_bytes AS "fullBytes", completed_at AS "completedAt",
          created_at AS "createdAt", gallery_seq AS "gallerySeq"
        FROM renders WHERE gallery_seq IS NOT NULL AND gallery_seq > ${after} AND gallery_seq <= ${snapshot} ORDER BY gallery_seq LIMIT ${limit}`,
    ),
  );
  if (data.dialect === "postgres") {
    // PostgreSQL answers raw bigint columns as strings.
    for (const row of found) {
      row.createdAt = Number(row.createdAt);
      if (row.completedAt !== null) row.completedAt = Number(row.completedAt);
      if (row.fullBytes !== null) row.fullBytes = Number(row.fullBytes);
    }
  }
  return found;
}

/** Renders of a gallery snapshot stored before the worker recorded their original's size (keyset paging). */
export async function rendersWithoutRecordedOriginal(
  data: Data,
  after: number,
  snapshot: number,
  limit: number,
): Promise<(OriginalRow & Pick<Render, "gallerySeq">)[]> {
  const { renders } = data.tables;
  return data.db
    .select({ id: renders.id, imagePath: renders.imagePath, fullKey: renders.fullKey, fullBytes: renders.fullBytes, gallerySeq: renders.gallerySeq })
    .from(renders)
    .where(and(gt(renders.gallerySeq, after), lte(renders.gallerySeq, snapshot), isNull(renders.fullBytes), isNotNull(renders.imagePath)))
    .orderBy(renders.gallerySeq)
    .limit(limit);
}

/** Records where each render's original was found and its size (one transaction for the lot). */
export async function recordRenderOriginals(data: Data, found: readonly (readonly [id: string, original: { key: string; size: number }])[]): Promise<void> {
  if (found.length === 0) return;
  const { renders } = data.tables;
  await transaction(data, function* (tx) {
    for (const [id, original] of found) {
      yield* run(tx.update(renders).set({ fullKey: original.key, fullBytes: original.size }).where(eq(renders.id, id)));
    }
  });
}

/** A finished render a full-resolution download may serve (public or private: the route decides who gets it). */
export async function downloadableRender(data: Data, id: string): Promise<(OriginalRow & Pick<Render, "userId" | "visibility" | "nsfw" | "hiddenAt">) | null> {
  const { renders } = data.tables;
  const [row] = await data.db
    .select({
      id: renders.id,
      userId: renders.userId,
      visibility: renders.visibility,
      nsfw: renders.nsfw,
      hiddenAt: renders.hiddenAt,
      imagePath: renders.imagePath,
      fullKey: renders.fullKey,
      fullBytes: renders.fullBytes,
    })
    .from(renders)
    .where(and(eq(renders.id, id), eq(renders.status, "done"), isNotNull(renders.imagePath)));
  return row ?? null;
}

/** What the library ZIP of a snapshot holds: published renders up to it with an original on record, and their bytes. */
export async function librarySnapshotSize(data: Data, snapshot: number): Promise<{ files: number; bytes: number }> {
  const { renders } = data.tables;
  const [size] = await data.db
    .select({ files: sql<number>`count(*)`.mapWith(Number), bytes: sql<number>`coalesce(sum(${renders.fullBytes}), 0)`.mapWith(Number) })
    .from(renders)
    .where(and(isNotNull(renders.gallerySeq), lte(renders.gallerySeq, snapshot), isNotNull(renders.fullKey), isNotNull(renders.fullBytes)));
  return size!; // an aggregate without GROUP BY always yields one row
}
