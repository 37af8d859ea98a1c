// The collections table: every query keeps ownership in its WHERE clause; someone else's private collection
// does not exist, as far as anyone else can tell.
import type { Database } from "bun:sqlite";
import { HttpError } from "../../http/http-error";
import { FAVOURITES_NAME, MAX_COLLECTIONS_PER_USER, type CollectionVisibility } from "./model";

export interface CollectionRow {
  id: string;
  user_id: number;
  name: string;
  kind: "named" | "favourites";
  visibility: CollectionVisibility;
  created_at: number;
  updated_at: number | null;
}

const COLUMNS = "id, user_id, name, kind, visibility, created_at, updated_at";
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
  return sqlite
    .query(`SELECT ${COLUMNS} FROM collections WHERE id = ? AND (visibility = 'public' OR user_id = ?)`)
    .get(id, viewerId ?? -1) as CollectionRow | null;
}

export function findOwnCollection(sqlite: Database, userId: number, id: string): CollectionRow | null {
  return sqlite.query(`SELECT ${COLUMNS} FROM collections WHERE id = ? AND user_id = ?`).get(id, userId) as CollectionRow | null;
}

export function requireOwnCollection(sqlite: Database, userId: number, id: string): CollectionRow {
  const collection = findOwnCollection(sqlite, userId, id);
  if (!collection) throw collectionNotFound();
  return collection;
}

/** Favourites first, then the newest. */
export function listOwnCollections(sqlite: Database, userId: number): CollectionRow[] {
  return sqlite
    .query(`SELECT ${COLUMNS} FROM collections WHERE user_id = ? ORDER BY kind = 'favourites' DESC, created_at DESC, id`)
    .all(userId) as CollectionRow[];
}

export function createCollection(sqlite: Database, userId: number, name: string, visibility: CollectionVisibility): CollectionRow {
  const create = sqlite.transaction(() => {
    const { n } = sqlite.query("SELECT count(*) AS n FROM collections WHERE user_id = ?").get(userId) as { n: number };
    if (n >= MAX_COLLECTIONS_PER_USER) throw new HttpError(409, `You have ${MAX_COLLECTIONS_PER_USER} collections, the most one account may keep: delete one first.`);
    return sqlite
      .query(`INSERT INTO collections (id, user_id, name, visibility) VALUES (?, ?, ?, ?) RETURNING ${COLUMNS}`)
      .get(newCollectionId(), userId, name, visibility) as CollectionRow;
  });
  // Read-then-write: IMMEDIATE takes the write lock first, so two requests cannot both pass the count.
  return create.immediate();
}

/** The user's favourites (hearts), made on first use. */
export function favouritesOf(sqlite: Database, userId: number): CollectionRow {
  sqlite
    .query("INSERT INTO collections (id, user_id, name, kind) VALUES (?, ?, ?, 'favourites') ON CONFLICT DO NOTHING")
    .run(newCollectionId(), userId, FAVOURITES_NAME);
  return sqlite.query(`SELECT ${COLUMNS} FROM collections WHERE user_id = ? AND kind = 'favourites'`).get(userId) as CollectionRow;
}

export function findFavourites(sqlite: Database, userId: number): CollectionRow | null {
  return sqlite.query(`SELECT ${COLUMNS} FROM collections WHERE user_id = ? AND kind = 'favourites'`).get(userId) as CollectionRow | null;
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
  return sqlite
    .query(
      `UPDATE collections SET name = ?, visibility = ?, updated_at = ? WHERE id = ? AND user_id = ? RETURNING ${COLUMNS}`,
    )
    .get(changes.name ?? collection.name, changes.visibility ?? collection.visibility, Date.now(), id, userId) as CollectionRow;
}

/** Its items go with it (ON DELETE CASCADE); favourites stay (hearts would have nowhere to go). */
export function deleteCollection(sqlite: Database, userId: number, id: string): void {
  const collection = requireOwnCollection(sqlite, userId, id);
  if (collection.kind === "favourites") throw new HttpError(400, "Favourites can’t be deleted; take the hearts off instead.");
  sqlite.query("DELETE FROM collections WHERE id = ? AND user_id = ?").run(id, userId);
}
