// Collection changes that span both tables, each in one transaction so nothing is left half-written.
import type { Database } from "bun:sqlite";
import { createCollection, type CollectionRow } from "./collections";
import { addItem } from "./items";
import type { CollectionVisibility } from "./model";

/** A new collection, with its first render when one is named (a refused render leaves no empty collection behind). */
export function createCollectionWith(
  sqlite: Database,
  userId: number,
  { name, visibility, renderId }: { name: string; visibility: CollectionVisibility; renderId?: string },
): CollectionRow {
  return sqlite
    .transaction(() => {
      const collection = createCollection(sqlite, userId, name, visibility);
      if (renderId) addItem(sqlite, userId, collection, renderId);
      return collection;
    })
    .immediate();
}
