// The renders in a collection. What a viewer is shown is re-checked on every read: a render that has since become
// private, hidden or unsafe drops out for everyone but its own maker, whoever added it and whenever.
import { transaction, type Data, type Tables, type Tx } from "../../db/data";
import {
  addableRenderExistsStep,
  deleteItem,
  insertItemStep,
  itemExistsStep,
  itemsAmong,
  itemTallyStep,
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

export function viewableItemCount(data: Data, collectionId: string, viewerId: number | null): Promise<number> {
  return countViewableItems(data, collectionId, viewerId);
}

/** Newest additions first, `limit` a page, from before item `before` (keyset, so pages never shift). */
export async function viewableItems(data: Data, collectionId: string, viewerId: number | null, limit: number, before?: number): Promise<CollectionPage> {
  const rows = await viewableItemRows(data, collectionId, viewerId, before ?? Number.MAX_SAFE_INTEGER, limit + 1);
  const page = rows.slice(0, limit);
  return { renders: page.map(toRenderJson), nextBefore: rows.length > limit ? page.at(-1)!.item_seq : null };
}

/** The newest item anyone may see (the public card's picture): never a private render, even on its owner's page. */
export async function publicCover(data: Data, collectionId: string): Promise<RenderJson | null> {
  return (await viewableItems(data, collectionId, null, 1)).renders[0] ?? null;
}

/**
 * Adds a render (again is a no-op) as a step of a transaction body; `added` says whether it was new. Only a
 * finished render this user may see (public, or their own) can be added.
 */
export function* addItemStep(tx: Tx, tables: Tables, userId: number, collection: CollectionRow, renderId: string) {
  if (collection.user_id !== userId) throw new HttpError(404, "That collection doesn’t exist or isn’t public.");
  if (!(yield* addableRenderExistsStep(userId, renderId))) throw new HttpError(404, "That render doesn’t exist, isn’t finished or isn’t public.");
  if (yield* itemExistsStep(tx, tables, collection.id, renderId)) return { added: false };
  const { n, last } = yield* itemTallyStep(tx, tables, collection.id);
  if (n >= MAX_ITEMS_PER_COLLECTION) throw new HttpError(409, `A collection holds at most ${MAX_ITEMS_PER_COLLECTION} renders.`);
  yield* insertItemStep(tx, tables, collection.id, renderId, last + 1);
  return { added: true };
}

export function addItem(data: Data, userId: number, collection: CollectionRow, renderId: string): Promise<{ added: boolean }> {
  return transaction(data, (tx) => addItemStep(tx, data.tables, userId, collection, renderId));
}

export async function removeItem(data: Data, userId: number, collection: CollectionRow, renderId: string): Promise<{ removed: boolean }> {
  if (collection.user_id !== userId) throw new HttpError(404, "That collection doesn’t exist or isn’t public.");
  return { removed: await deleteItem(data, collection.id, renderId) };
}

/** Which of these renders are in this collection (a page's hearts, or a render's collections). */
export async function containedAmong(data: Data, collectionId: string, renderIds: string[]): Promise<string[]> {
  if (renderIds.length === 0) return [];
  return itemsAmong(data, collectionId, renderIds);
}

/** Per collection of this user: item count (as its owner sees them) and whether it holds `renderId`. */
export async function ownCollectionStats(data: Data, userId: number, renderId: string | null): Promise<Map<string, { items: number; has: boolean }>> {
  const rows = await ownCollectionTallies(data, userId, renderId);
  return new Map(rows.map((row) => [row.id, { items: row.items, has: row.has }]));
}
