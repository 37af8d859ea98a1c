// The renders in a collection (collection_items). What a viewer is shown is re-checked on every read, by the
// same visibility rule as the gallery's reads (VIEWABLE_BY_RAW), so the reads joining renders are raw over
// `renders r`, typed at their query<Row, Params>; the item bookkeeping goes through the builder.
import type { Database } from "bun:sqlite";
import { and, eq, inArray, sql } from "drizzle-orm";
import { drizzleFor } from "./client";
import { GALLERY_RENDER_COLUMNS, VIEWABLE_BY_RAW, type GalleryRenderRow } from "./gallery-rows";
import type { OriginalRow, Render } from "./renders";
import { collectionItems } from "./schema";

/** The items of collection `?` this viewer may see (binds the collection id, then the viewer's id). */
const VIEWABLE_ITEMS = `FROM collection_items i JOIN renders r ON r.id = i.render_id
  WHERE i.collection_id = ? AND r.status = 'done' AND r.image_path IS NOT NULL AND ${VIEWABLE_BY_RAW}`;

export function viewableItemCount(sqlite: Database, collectionId: string, viewerId: number | null): number {
  return sqlite.query<{ n: number }, [string, number]>(`SELECT count(*) AS n ${VIEWABLE_ITEMS}`).get(collectionId, viewerId ?? -1)!.n; // count(*) always yields a row
}

/** Up to `limit` items before item `before`, newest first (keyset), with each item's position. */
export function viewableItemRows(
  sqlite: Database,
  collectionId: string,
  viewerId: number | null,
  before: number,
  limit: number,
): (GalleryRenderRow & { item_seq: number })[] {
  return sqlite
    .query<GalleryRenderRow & { item_seq: number }, [string, number, number, number]>(
      `SELECT ${GALLERY_RENDER_COLUMNS}, i.seq AS item_seq ${VIEWABLE_ITEMS} AND i.seq < ? ORDER BY i.seq DESC LIMIT ?`,
    )
    .all(collectionId, viewerId ?? -1, before, limit);
}

/** Whether this user may add the render: finished, and public or their own. */
export function addableRenderExists(sqlite: Database, userId: number, renderId: string): boolean {
  return (
    sqlite
      .query<{ id: string }, [string, number]>(`SELECT r.id FROM renders r WHERE r.id = ? AND r.status = 'done' AND r.image_path IS NOT NULL AND ${VIEWABLE_BY_RAW}`)
      .get(renderId, userId) !== null
  );
}

export function itemExists(sqlite: Database, collectionId: string, renderId: string): boolean {
  return (
    drizzleFor(sqlite)
      .select({ one: sql`1` })
      .from(collectionItems)
      .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.renderId, renderId)))
      .get() !== undefined
  );
}

/** How many items a collection holds and its last position. */
export function itemTally(sqlite: Database, collectionId: string): { n: number; last: number } {
  return drizzleFor(sqlite)
    .select({ n: sql<number>`count(*)`.mapWith(Number), last: sql<number>`coalesce(max(${collectionItems.seq}), 0)`.mapWith(Number) })
    .from(collectionItems)
    .where(eq(collectionItems.collectionId, collectionId))
    .get()!; // an aggregate without GROUP BY always yields one row
}

export function insertItem(sqlite: Database, collectionId: string, renderId: string, seq: number): void {
  drizzleFor(sqlite).insert(collectionItems).values({ collectionId, renderId, seq }).run();
}

/** Whether an item was there to delete. */
export function deleteItem(sqlite: Database, collectionId: string, renderId: string): boolean {
  const deleted = drizzleFor(sqlite)
    .delete(collectionItems)
    .where(and(eq(collectionItems.collectionId, collectionId), eq(collectionItems.renderId, renderId)))
    .returning({ renderId: collectionItems.renderId })
    .all();
  return deleted.length > 0;
}

/** Which of these renders are in the collection. */
export function itemsAmong(sqlite: Database, collectionId: string, renderIds: string[]): string[] {
  return drizzleFor(sqlite)
    .select({ renderId: collectionItems.renderId })
    .from(collectionItems)
    .where(and(eq(collectionItems.collectionId, collectionId), inArray(collectionItems.renderId, renderIds)))
    .all()
    .map((row) => row.renderId);
}

/** Per collection of this user: items as its owner sees them, and whether it holds `renderId` (correlated subqueries, raw). */
export function ownCollectionTallies(sqlite: Database, userId: number, renderId: string | null): { id: string; items: number; has: number }[] {
  return sqlite
    .query<{ id: string; items: number; has: number }, [number, string, number]>(
      `SELECT c.id, (SELECT count(*) FROM collection_items i JOIN renders r ON r.id = i.render_id
                     WHERE i.collection_id = c.id AND r.status = 'done' AND ${VIEWABLE_BY_RAW}) AS items,
              EXISTS (SELECT 1 FROM collection_items WHERE collection_id = c.id AND render_id = ?) AS has
       FROM collections c WHERE c.user_id = ?`,
    )
    .all(userId, renderId ?? "", userId);
}

export type ArchiveItemRow = OriginalRow &
  Pick<GalleryRenderRow, "base_prompt" | "style_phrase" | "style_slug" | "model_key" | "completed_at" | "created_at"> & { user_id: Render["userId"] };

/** The items of a collection's ZIP this viewer may see, newest first, up to `limit`, with where each original is. */
export function archiveItemRows(sqlite: Database, collectionId: string, viewerId: number | null, limit: number): ArchiveItemRow[] {
  return sqlite
    .query<ArchiveItemRow, [string, number, number]>(
      `SELECT r.id, r.user_id, r.base_prompt, r.style_phrase, r.style_slug, r.model_key, r.image_path AS imagePath, r.full_key AS fullKey,
              r.full_bytes AS fullBytes,
              r.completed_at, r.created_at
       FROM collection_items i JOIN renders r ON r.id = i.render_id
       WHERE i.collection_id = ? AND r.status = 'done' AND r.image_path IS NOT NULL AND ${VIEWABLE_BY_RAW}
       ORDER BY i.seq DESC LIMIT ?`,
    )
    .all(collectionId, viewerId ?? -1, limit);
}
