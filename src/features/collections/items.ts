// The renders in a collection. What a viewer is shown is re-checked on every read: a render that has since become
// private, hidden or unsafe drops out for everyone but its own maker, whoever added it and whenever.
import type { Database } from "bun:sqlite";
import { HttpError } from "../../http/http-error";
import type { RenderJson } from "../gallery/model";
import { RENDER_COLUMNS, toRenderJson, VIEWABLE_BY, type RenderRow } from "../gallery/render-row";
import type { CollectionRow } from "./collections";
import { MAX_ITEMS_PER_COLLECTION } from "./model";

/** The items of collection `?` this viewer may see (binds the collection id, then the viewer's id). */
const VIEWABLE_ITEMS = `FROM collection_items i JOIN renders r ON r.id = i.render_id
  WHERE i.collection_id = ? AND r.status = 'done' AND r.image_path IS NOT NULL AND ${VIEWABLE_BY}`;

export interface CollectionPage {
  renders: RenderJson[];
  /** Pass as `before` for the next page; null on the last. */
  nextBefore: number | null;
}

export function viewableItemCount(sqlite: Database, collectionId: string, viewerId: number | null): number {
  return (sqlite.query(`SELECT count(*) AS n ${VIEWABLE_ITEMS}`).get(collectionId, viewerId ?? -1) as { n: number }).n;
}

/** Newest additions first, `limit` a page, from before item `before` (keyset, so pages never shift). */
export function viewableItems(sqlite: Database, collectionId: string, viewerId: number | null, limit: number, before?: number): CollectionPage {
  const rows = sqlite
    .query(`SELECT ${RENDER_COLUMNS}, i.seq AS item_seq ${VIEWABLE_ITEMS} AND i.seq < ? ORDER BY i.seq DESC LIMIT ?`)
    .all(collectionId, viewerId ?? -1, before ?? Number.MAX_SAFE_INTEGER, limit + 1) as (RenderRow & { item_seq: number })[];
  const page = rows.slice(0, limit);
  return { renders: page.map(toRenderJson), nextBefore: rows.length > limit ? page.at(-1)!.item_seq : null };
}

/** The newest item anyone may see (the public card's picture): never a private render, even on its owner's page. */
export function publicCover(sqlite: Database, collectionId: string): RenderJson | null {
  return viewableItems(sqlite, collectionId, null, 1).renders[0] ?? null;
}

/** Only a finished render this user may see (public, or their own) can be added. */
function requireAddableRender(sqlite: Database, userId: number, renderId: string): void {
  const row = sqlite
    .query(`SELECT r.id FROM renders r WHERE r.id = ? AND r.status = 'done' AND r.image_path IS NOT NULL AND ${VIEWABLE_BY}`)
    .get(renderId, userId);
  if (!row) throw new HttpError(404, "That render doesn’t exist, isn’t finished or isn’t public.");
}

/** Adds a render (again is a no-op); `added` says whether it was new. */
export function addItem(sqlite: Database, userId: number, collection: CollectionRow, renderId: string): { added: boolean } {
  if (collection.user_id !== userId) throw new HttpError(404, "That collection doesn’t exist or isn’t public.");
  requireAddableRender(sqlite, userId, renderId);
  const add = sqlite.transaction(() => {
    if (sqlite.query("SELECT 1 FROM collection_items WHERE collection_id = ? AND render_id = ?").get(collection.id, renderId)) return { added: false };
    const { n, last } = sqlite
      .query("SELECT count(*) AS n, coalesce(max(seq), 0) AS last FROM collection_items WHERE collection_id = ?")
      .get(collection.id) as { n: number; last: number };
    if (n >= MAX_ITEMS_PER_COLLECTION) throw new HttpError(409, `A collection holds at most ${MAX_ITEMS_PER_COLLECTION} renders.`);
    sqlite.query("INSERT INTO collection_items (collection_id, render_id, seq) VALUES (?, ?, ?)").run(collection.id, renderId, last + 1);
    return { added: true };
  });
  return add.immediate();
}

export function removeItem(sqlite: Database, userId: number, collection: CollectionRow, renderId: string): { removed: boolean } {
  if (collection.user_id !== userId) throw new HttpError(404, "That collection doesn’t exist or isn’t public.");
  const { changes } = sqlite.query("DELETE FROM collection_items WHERE collection_id = ? AND render_id = ?").run(collection.id, renderId);
  return { removed: changes > 0 };
}

/** Which of these renders are in this collection (a page's hearts, or a render's collections). */
export function containedAmong(sqlite: Database, collectionId: string, renderIds: string[]): string[] {
  if (renderIds.length === 0) return [];
  const rows = sqlite
    .query(`SELECT render_id FROM collection_items WHERE collection_id = ? AND render_id IN (${renderIds.map(() => "?").join(",")})`)
    .all(collectionId, ...renderIds) as { render_id: string }[];
  return rows.map((row) => row.render_id);
}

/** Per collection of this user: item count (as its owner sees them) and whether it holds `renderId`. */
export function ownCollectionStats(sqlite: Database, userId: number, renderId: string | null): Map<string, { items: number; has: boolean }> {
  const rows = sqlite
    .query(
      `SELECT c.id, (SELECT count(*) FROM collection_items i JOIN renders r ON r.id = i.render_id
                     WHERE i.collection_id = c.id AND r.status = 'done' AND ${VIEWABLE_BY}) AS items,
              EXISTS (SELECT 1 FROM collection_items WHERE collection_id = c.id AND render_id = ?) AS has
       FROM collections c WHERE c.user_id = ?`,
    )
    .all(userId, renderId ?? "", userId) as { id: string; items: number; has: number }[];
  return new Map(rows.map((row) => [row.id, { items: row.items, has: row.has === 1 }]));
}
