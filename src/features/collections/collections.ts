// The collections table: every query keeps ownership in its WHERE clause; someone else's private collection
// does not exist, as far as anyone else can tell.
import { transaction, type Data, type Tables, type Tx } from "../../db/data";
import {
  collectionCountStep,
  deleteOwnCollection,
  favouritesRow,
  insertCollectionStep,
  insertFavouritesOnce,
  ownCollection,
  ownCollections,
  updateOwnCollection,
  visibleCollection,
  type CollectionRow,
} from "../../db/collections";
import { HttpError } from "../../http/http-error";
import { FAVOURITES_NAME, MAX_COLLECTIONS_PER_USER, type CollectionVisibility } from "./model";

export type { CollectionRow };

const NOT_FOUND = "That collection doesn’t exist or isn’t public.";

/** 96 random bits, URL-safe: a public collection's address cannot be guessed from another's. */
function newCollectionId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString("base64url");
}

export function collectionNotFound(): HttpError {
  return new HttpError(404, NOT_FOUND);
}

/** The collection if this viewer may see it: its owner always, anyone else only while it is public. */
export function findVisibleCollection(data: Data, id: string, viewerId: number | null): Promise<CollectionRow | null> {
  return visibleCollection(data, id, viewerId);
}

export function findOwnCollection(data: Data, userId: number, id: string): Promise<CollectionRow | null> {
  return ownCollection(data, userId, id);
}

export async function requireOwnCollection(data: Data, userId: number, id: string): Promise<CollectionRow> {
  const collection = await findOwnCollection(data, userId, id);
  if (!collection) throw collectionNotFound();
  return collection;
}

/** Favourites first, then the newest. */
export function listOwnCollections(data: Data, userId: number): Promise<CollectionRow[]> {
  return ownCollections(data, userId);
}

/** A step of a transaction body: the count and the insert in one transaction, so two requests cannot both pass the count. */
export function* createCollectionStep(tx: Tx, tables: Tables, userId: number, name: string, visibility: CollectionVisibility) {
  if ((yield* collectionCountStep(tx, tables, userId)) >= MAX_COLLECTIONS_PER_USER) {
    throw new HttpError(409, `You have ${MAX_COLLECTIONS_PER_USER} collections, the most one account may keep: delete one first.`);
  }
  return yield* insertCollectionStep(tx, tables, { id: newCollectionId(), userId, name, visibility });
}

export function createCollection(data: Data, userId: number, name: string, visibility: CollectionVisibility): Promise<CollectionRow> {
  return transaction(data, (tx) => createCollectionStep(tx, data.tables, userId, name, visibility));
}

/** The user's favourites (hearts), made on first use. */
export async function favouritesOf(data: Data, userId: number): Promise<CollectionRow> {
  await insertFavouritesOnce(data, { id: newCollectionId(), userId, name: FAVOURITES_NAME });
  return (await favouritesRow(data, userId))!; // inserted just above unless it already existed
}

export function findFavourites(data: Data, userId: number): Promise<CollectionRow | null> {
  return favouritesRow(data, userId);
}

export async function updateCollection(
  data: Data,
  userId: number,
  id: string,
  changes: { name?: string; visibility?: CollectionVisibility },
): Promise<CollectionRow> {
  const collection = await requireOwnCollection(data, userId, id);
  if (changes.name !== undefined && collection.kind === "favourites" && changes.name !== collection.name) {
    throw new HttpError(400, "Favourites keeps its name; make a collection of your own to name it.");
  }
  const updated = await updateOwnCollection(data, userId, id, {
    name: changes.name ?? collection.name,
    visibility: changes.visibility ?? collection.visibility,
    updatedAt: Date.now(),
  });
  if (!updated) throw collectionNotFound();
  return updated;
}

/** Its items go with it (ON DELETE CASCADE); favourites stay (hearts would have nowhere to go). */
export async function deleteCollection(data: Data, userId: number, id: string): Promise<void> {
  const collection = await requireOwnCollection(data, userId, id);
  if (collection.kind === "favourites") throw new HttpError(400, "Favourites can’t be deleted; take the hearts off instead.");
  await deleteOwnCollection(data, userId, id);
}
