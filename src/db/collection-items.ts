// The renders in a collection (collection_items). What a viewer is shown is re-checked on every read, by the
// same visibility rule as the gallery's reads (viewableBy), so the reads joining renders are raw over `renders r`,
// typed at their statement; the item bookkeeping goes through the builder, as steps where it is read-then-write.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rows, run, runRows, type Data, type Tables, type Tx } from "./data";
import { epochNumbers, GALLERY_COLUMNS, galleryRows, viewableBy, type GalleryRenderRow } from "./gallery-rows";
import type { Render } from "./renders";
import type { OriginalRow } from "./library-reads";

/** The items of the collection this viewer may see. */
const itemsViewableBy = (collectionId: string, viewerId: number | null): SQL =>
  sql`FROM collection_items i JOIN renders r ON r.id = i.render_id
      WHERE i.collection_id = ${collectionId} AND r.status = 'done' AND r.image_path IS NOT NULL AND ${viewableBy(viewerId)}`;

export async function viewableItemCount(data: Data, collectionId: string, viewerId: number | null): Promise<number> {
  const [row] = await rows<{ n: number }>(data, sql`SELECT CAST(count(*) AS integer) AS n ${itemsViewableBy(collectionId, viewerId)}`);
  return row!.n; // count(*) always yields a row
}

/** Up to `limit` items before item `before`, newest first (keyset), with each item's position. */
export function viewableItemRows(
  data: Data,
  collectionId: string,
  viewerId: number | null,
  before: number,
  limit: number,
): Promise<(GalleryRenderRow & { item_seq: number })[]> {
  return galleryRows<GalleryRenderRow & { item_seq: number }>(
    data,
    sql`SELECT ${GALLERY_COLUMNS}, i.seq AS item_seq ${itemsViewableBy(collectionId, viewerId)} AND i.seq < ${before} ORDER BY i.seq DESC LIMIT ${limit}`,
  );
}

/** Whether this user may add the render: finished, and public or their own. */
export function* addableRenderExistsStep(userId: number, renderId: string) {
  const found = yield* runRows<{ id: string }>(
    sql`SELECT r.id FROM renders r WHERE r.id = ${renderId} AND r.status = 'done' AND r.image_path IS NOT NULL AND ${viewableBy(userId)}`,
  );
  return found.length > 0;
}

export function* itemExistsStep(tx: Tx, { collectionItems }: Tables, collectionId: string, renderId: string) {
  const found = yield* run(
    tx
      .select({ one: sql`1` })
      .from(collectionItems)
      .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.renderId, renderId))),
  );
  return found.length > 0;
}

/** How many items a collection holds and its last position. */
export function* itemTallyStep(tx: Tx, { collectionItems }: Tables, collectionId: string) {
  const [tally] = yield* run(
    tx
      .select({ n: sql<number>`count(*)`.mapWith(Number), last: sql<number>`coalesce(max(${collectionItems.seq}), 0)`.mapWith(Number) })
      .from(collectionItems)
      .where(eq(collectionItems.collectionId, collectionId)),
  );
  return tally!; // an aggregate without GROUP BY always yields one row
}

export function* insertItemStep(tx: Tx, { collectionItems }: Tables, collectionId: string, renderId: string, seq: number) {
  yield* run(tx.insert(collectionItems).values({ collectionId, renderId, seq }));
}

/** Whether an item was there to delete. */
export async function deleteItem(data: Data, collectionId: string, renderId: string): Promise<boolean> {
  const { collectionItems } = data.tables;
  const deleted = await data.db
    .delete(collectionItems)
    .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.renderId, renderId)))
    .returning({ renderId: collectionItems.renderId });
  return deleted.length > 0;
}

/** Which of these renders are in the collection. */
export async function itemsAmong(data: Data, collectionId: string, renderIds: string[]): Promise<string[]> {
  const { collectionItems } = data.tables;
  const found = await data.db
    .select({ renderId: collectionItems.renderId })
    .from(collectionItems)
    .where(and(eq(collectionItems.collectionId, collectionId), inArray(collectionItems.renderId, renderIds)));
  return found.map((row) => row.renderId);
}

/** Per collection of this user: items as its owner sees them, and whether it holds `renderId` (correlated subqueries, raw). */
export async function ownCollectionTallies(data: Data, userId: number, renderId: string | null): Promise<{ id: string; items: number; has: boolean }[]> {
  const found = await rows<{ id: string; items: number; has: number | boolean }>(
    data,
    sql`SELECT c.id, (SELECT CAST(count(*) AS integer) FROM collection_items i JOIN renders r ON r.id = i.render_id
                      WHERE i.collection_id = c.id AND r.status = 'done' AND ${viewableBy(userId)}) AS items,
               EXISTS (SELECT 1 FROM collection_items WHERE collection_id = c.id AND render_id = ${renderId ?? ""}) AS has
        FROM collections c WHERE c.user_id = ${userId}`,
  );
  // EXISTS is 0/1 on SQLite, a boolean on PostgreSQL
  return found.map((row) => ({ id: row.id, items: row.items, has: Boolean(row.has) }));
}

export type ArchiveItemRow = OriginalRow &
  Pick<GalleryRenderRow, "base_prompt" | "style_phrase" | "style_slug" | "model_key" | "completed_at" | "created_at"> & { user_id: Render["userId"] };

/** The items of a collection's ZIP this viewer may see, newest first, up to `limit`, with where each original is. */
export async function archiveItemRows(data: Data, collectionId: string, viewerId: number | null, limit: number): Promise<ArchiveItemRow[]> {
  const found = await rows<ArchiveItemRow>(
    data,
    sql`SELECT r.id, r.user_id, r.base_prompt, r.style_phrase, r.style_slug, r.model_key, r.image_path AS "imagePath", r.full_key AS "fullKey",
               r.full_bytes AS "fullBytes", r.completed_at, r.created_at
        ${itemsViewableBy(collectionId, viewerId)}
        ORDER BY i.seq DESC LIMIT ${limit}`,
  );
  // full_bytes is a bigint too, a string from PostgreSQL
  for (const row of found) if (row.fullBytes !== null) row.fullBytes = Number(row.fullBytes);
  return epochNumbers(data, found);
}
