// The collections table: every query keeps ownership (or public visibility) in its WHERE clause. Rows keep
// their column names (snake_case), the shape the collection pages and JSON are built from.
import type { Database } from "bun:sqlite";
import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { drizzleFor } from "./client";
import { collections } from "./schema";

const COLLECTION_FIELDS = {
  id: collections.id,
  user_id: collections.userId,
  name: collections.name,
  kind: collections.kind,
  visibility: collections.visibility,
  created_at: collections.createdAt,
  updated_at: collections.updatedAt,
};

const selectCollections = (sqlite: Database) => drizzleFor(sqlite).select(COLLECTION_FIELDS).from(collections);
export type CollectionRow = ReturnType<ReturnType<typeof selectCollections>["all"]>[number];
type Visibility = CollectionRow["visibility"];

/** The collection if this viewer may see it: its owner always, anyone else only while it is public. */
export function visibleCollection(sqlite: Database, id: string, viewerId: number | null): CollectionRow | null {
  return selectCollections(sqlite).where(and(eq(collections.id, id), or(eq(collections.visibility, "public"), eq(collections.userId, viewerId ?? -1)))).get() ?? null;
}

export function ownCollection(sqlite: Database, userId: number, id: string): CollectionRow | null {
  return selectCollections(sqlite).where(and(eq(collections.id, id), eq(collections.userId, userId))).get() ?? null;
}

/** Favourites first, then the newest. */
export function ownCollections(sqlite: Database, userId: number): CollectionRow[] {
  return selectCollections(sqlite)
    .where(eq(collections.userId, userId))
    .orderBy(desc(sql`${collections.kind} = 'favourites'`), desc(collections.createdAt), asc(collections.id))
    .all();
}

export function collectionCount(sqlite: Database, userId: number): number {
  return drizzleFor(sqlite).select({ n: sql<number>`count(*)`.mapWith(Number) }).from(collections).where(eq(collections.userId, userId)).get()!.n; // count(*) always yields a row
}

export function insertCollection(sqlite: Database, row: { id: string; userId: number; name: string; visibility: Visibility }): CollectionRow {
  return drizzleFor(sqlite).insert(collections).values(row).returning(COLLECTION_FIELDS).get();
}

/** Makes the user's favourites unless they have it already. */
export function insertFavouritesOnce(sqlite: Database, row: { id: string; userId: number; name: string }): void {
  drizzleFor(sqlite).insert(collections).values({ ...row, kind: "favourites" }).onConflictDoNothing().run();
}

export function favouritesRow(sqlite: Database, userId: number): CollectionRow | null {
  return selectCollections(sqlite).where(and(eq(collections.userId, userId), eq(collections.kind, "favourites"))).get() ?? null;
}

/** Renames or re-shares one of the user's collections; null when it is not theirs. */
export function updateOwnCollection(
  sqlite: Database,
  userId: number,
  id: string,
  changes: { name: string; visibility: Visibility; updatedAt: number },
): CollectionRow | null {
  return (
    drizzleFor(sqlite)
      .update(collections)
      .set({ name: changes.name, visibility: changes.visibility, updatedAt: changes.updatedAt })
      .where(and(eq(collections.id, id), eq(collections.userId, userId)))
      .returning(COLLECTION_FIELDS)
      .get() ?? null
  );
}

export function deleteOwnCollection(sqlite: Database, userId: number, id: string): void {
  drizzleFor(sqlite).delete(collections).where(and(eq(collections.id, id), eq(collections.userId, userId))).run();
}
