// The collections table: every query keeps ownership in its WHERE clause; someone else's private collection
// does not exist, as far as anyone else can tell.
import type { Database } from "bun:sqlite";
import {
  collectionCount,
  deleteOwnCollection,
  favouritesRow,
  insertCollection,
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
export function findVisibleCollection(sqlite: Database, id: string, viewerId: number | null): CollectionRow | null {
  return visibleCollection(sqlite, id, viewerId);
}

export function findOwnCollection(sqlite: Database, userId: number, id: string): CollectionRow | null {
  return ownCollection(sqlite, userId, id);
}

export function requireOwnCollection(sqlite: Database, userId: number, id: string): CollectionRow {
  const collection = findOwnCollection(sqlite, userId, id);
  if (!collection) throw collectionNotFound();
  return collection;
}

/** Favourites first, then the newest. */
export function listOwnCollections(sqlite: Database, userId: number): CollectionRow[] {
  return ownCollections(sqlite, userId);
}

export function createCollection(sqlite: Database, userId: number, name: string, visibility: CollectionVisibility): CollectionRow {
  const create = sqlite.transaction(() => {
    if (collectionCount(sqlite, userId) >= MAX_COLLECTIONS_PER_USER) throw new HttpError(409, `You have ${MAX_COLLECTIONS_PER_USER} collections, the most one account may keep: delete one first.`);
    return insertCollection(sqlite, { id: newCollectionId(), userId, name, visibility });
  });
  // Read-then-write: IMMEDIATE takes the write lock first, so two requests cannot both pass the count.
  return create.immediate();
}

/** The user's favourites (hearts), made on first use. */
export function favouritesOf(sqlite: Database, userId: number): CollectionRow {
  insertFavouritesOnce(sqlite, { id: newCollectionId(), userId, name: FAVOURITES_NAME });
  return favouritesRow(sqlite, userId)!; // inserted just above unless it already existed
}

export function findFavourites(sqlite: Database, userId: number): CollectionRow | null {
  return favouritesRow(sqlite, userId);
}

export function updateCollection(
  sqlite: Database,
  userId: number,
  id: string,
  changes: { name?: string; visibility?: CollectionVisibility },
): CollectionRow {
  const collection = requireOwnCollection(sqlite, userId, id);
  if (changes.name !== undefined && collection.kind === "favourites" && changes.name !== collection.name) {
    throw new HttpError(400, "Favourites keeps its name; make a collection of your own to name it.");
  }
  const updated = updateOwnCollection(sqlite, userId, id, {
    name: changes.name ?? collection.name,
    visibility: changes.visibility ?? collection.visibility,
    updatedAt: Date.now(),
  });
  if (!updated) throw collectionNotFound();
  return updated;
}

/** Its items go with it (ON DELETE CASCADE); favourites stay (hearts would have nowhere to go). */
export function deleteCollection(sqlite: Database, userId: number, id: string): void {
  const collection = requireOwnCollection(sqlite, userId, id);
  if (collection.kind === "favourites") throw new HttpError(400, "Favourites can’t be deleted; take the hearts off instead.");
  deleteOwnCollection(sqlite, userId, id);
}
