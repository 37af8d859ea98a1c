// The renders in a collection. What a viewer is shown is re-checked on every read: a render that has since become
// private, hidden or unsafe drops out for everyone but its own maker, whoever added it and whenever.
import type { Database } from "bun:sqlite";
import {
  addableRenderExists,
  deleteItem,
  insertItem,
  itemExists,
  itemsAmong,
  itemTally,
  ownCollectionTallies,
  viewableItemCount as countViewableItems,
  viewableItemRows,
} from "../../db/collection-items";
import { HttpError } from "../../http/http-error";
import type { RenderJson } from "../gallery/model";
import { toRenderJson } from "../gallery/render-row";
import type { CollectionRow } from "./collections";
import { MAX_ITEMS_PER_COLLECTION } from "./model";

export interface CollectionPage {
  renders: RenderJson[];
  /** Pass as `before` for the next page; null on the last. */
  nextBefore: number | null;
}

export function viewableItemCount(sqlite: Database, collectionId: string, viewerId: number | null): number {
  return countViewableItems(sqlite, collectionId, viewerId);
}

/** Newest additions first, `limit` a page, from before item `before` (keyset, so pages never shift). */
export function viewableItems(sqlite: Database, collectionId: string, viewerId: number | null, limit: number, before?: number): CollectionPage {
  const rows = viewableItemRows(sqlite, collectionId, viewerId, before ?? Number.MAX_SAFE_INTEGER, limit + 1);
  const page = rows.slice(0, limit);
  return { renders: page.map(toRenderJson), nextBefore: rows.length > limit ? page.at(-1)!.item_seq : null };
}

/** The newest item anyone may see (the public card's picture): never a private render, even on its owner's page. */
export function publicCover(sqlite: Database, collectionId: string): RenderJson | null {
  return viewableItems(sqlite, collectionId, null, 1).renders[0] ?? null;
}

/** Only a finished render this user may see (public, or their own) can be added. */
function requireAddableRender(sqlite: Database, userId: number, renderId: string): void {
  if (!addableRenderExists(sqlite, userId, renderId)) throw new HttpError(404, "That render doesn’t exist, isn’t finished or isn’t public.");
}

/** Adds a render (again is a no-op); `added` says whether it was new. */
export function addItem(sqlite: Database, userId: number, collection: CollectionRow, renderId: string): { added: boolean } {
  if (collection.user_id !== userId) throw new HttpError(404, "That collection doesn’t exist or isn’t public.");
  requireAddableRender(sqlite, userId, renderId);
  const add = sqlite.transaction(() => {
    if (itemExists(sqlite, collection.id, renderId)) return { added: false };
    const { n, last } = itemTally(sqlite, collection.id);
    if (n >= MAX_ITEMS_PER_COLLECTION) throw new HttpError(409, `A collection holds at most ${MAX_ITEMS_PER_COLLECTION} renders.`);
    insertItem(sqlite, collection.id, renderId, last + 1);
    return { added: true };
  });
  return add.immediate();
}

export function removeItem(sqlite: Database, userId: number, collection: CollectionRow, renderId: string): { removed: boolean } {
  if (collection.user_id !== userId) throw new HttpError(404, "That collection doesn’t exist or isn’t public.");
  return { removed: deleteItem(sqlite, collection.id, renderId) };
}

/** Which of these renders are in this collection (a page's hearts, or a render's collections). */
export function containedAmong(sqlite: Database, collectionId: string, renderIds: string[]): string[] {
  if (renderIds.length === 0) return [];
  return itemsAmong(sqlite, collectionId, renderIds);
}

/** Per collection of this user: item count (as its owner sees them) and whether it holds `renderId`. */
export function ownCollectionStats(sqlite: Database, userId: number, renderId: string | null): Map<string, { items: number; has: boolean }> {
  const rows = ownCollectionTallies(sqlite, userId, renderId);
  return new Map(rows.map((row) => [row.id, { items: row.items, has: row.has === 1 }]));
}
