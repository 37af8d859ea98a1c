// The collections table: every query keeps ownership (or public visibility) in its WHERE clause. Rows keep
// their column names (snake_case), the shape the collection pages and JSON are built from. Reads take the data
// handle; the writes that belong to a larger transaction are steps (generator functions taking `tx`).
import { and, asc, desc, eq, or, sql } from "drizzle-orm";
import { run, type Data, type Tables, type Tx } from "./data";
import type { collections as sqliteCollections } from "./schema";

type Collection = typeof sqliteCollections.$inferSelect;
type Visibility = Collection["visibility"];

export interface CollectionRow {
  id: string;
  user_id: number;
  name: string;
  kind: Collection["kind"];
  visibility: Visibility;
  created_at: number;
  updated_at: number | null;
}

const collectionFields = ({ collections }: Tables) => ({
  id: collections.id,
  user_id: collections.userId,
  name: collections.name,
  kind: collections.kind,
  visibility: collections.visibility,
  created_at: collections.createdAt,
  updated_at: collections.updatedAt,
});

const selectCollections = (q: Tx, tables: Tables) => q.select(collectionFields(tables)).from(tables.collections);

/** The collection if this viewer may see it: its owner always, anyone else only while it is public. */
export async function visibleCollection(data: Data, id: string, viewerId: number | null): Promise<CollectionRow | null> {
  const { collections } = data.tables;
  const [row] = await selectCollections(data.db, data.tables).where(
    and(eq(collections.id, id), or(eq(collections.visibility, "public"), eq(collections.userId, viewerId ?? -1))),
  );
  return row ?? null;
}

function ownQuery(q: Tx, tables: Tables, userId: number, id: string) {
  return selectCollections(q, tables).where(and(eq(tables.collections.id, id), eq(tables.collections.userId, userId)));
}

export async function ownCollection(data: Data, userId: number, id: string): Promise<CollectionRow | null> {
  const [row] = await ownQuery(data.db, data.tables, userId, id);
  return row ?? null;
}

/** ownCollection inside a transaction body. */
export function* ownCollectionStep(tx: Tx, tables: Tables, userId: number, id: string) {
  const [row] = yield* run(ownQuery(tx, tables, userId, id));
  return row ?? null;
}

/** Favourites first, then the newest. */
export async function ownCollections(data: Data, userId: number): Promise<CollectionRow[]> {
  const { collections } = data.tables;
  return selectCollections(data.db, data.tables)
    .where(eq(collections.userId, userId))
    .orderBy(desc(sql`${collections.kind} = 'favourites'`), desc(collections.createdAt), asc(collections.id));
}

export function* collectionCountStep(tx: Tx, { collections }: Tables, userId: number) {
  const [row] = yield* run(tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(collections).where(eq(collections.userId, userId)));
  return row!.n; // count(*) always yields a row
}

export function* insertCollectionStep(tx: Tx, tables: Tables, row: { id: string; userId: number; name: string; visibility: Visibility }) {
  const [inserted] = yield* run(tx.insert(tables.collections).values(row).returning(collectionFields(tables)));
  return inserted!; // an insert that did not throw returns its row
}

/** Makes the user's favourites unless they have it already. */
export async function insertFavouritesOnce(data: Data, row: { id: string; userId: number; name: string }): Promise<void> {
  await data.db.insert(data.tables.collections).values({ ...row, kind: "favourites" }).onConflictDoNothing();
}

export async function favouritesRow(data: Data, userId: number): Promise<CollectionRow | null> {
  const { collections } = data.tables;
  const [row] = await selectCollections(data.db, data.tables).where(and(eq(collections.userId, userId), eq(collections.kind, "favourites")));
  return row ?? null;
}

/** Renames or re-shares one of the user's collections; null when it is not theirs. */
export async function updateOwnCollection(
  data: Data,
  userId: number,
  id: string,
  changes: { name: string; visibility: Visibility; updatedAt: number },
): Promise<CollectionRow | null> {
  const { collections } = data.tables;
  const [row] = await data.db
    .update(collections)
    .set({ name: changes.name, visibility: changes.visibility, updatedAt: changes.updatedAt })
    .where(and(eq(collections.id, id), eq(collections.userId, userId)))
    .returning(collectionFields(data.tables));
  return row ?? null;
}

export async function deleteOwnCollection(data: Data, userId: number, id: string): Promise<void> {
  const { collections } = data.tables;
  await data.db.delete(collections).where(and(eq(collections.id, id), eq(collections.userId, userId)));
}
