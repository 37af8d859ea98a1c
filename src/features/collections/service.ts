// Collection changes that span both tables, each in one transaction so nothing is left half-written.
import { transaction, type Data } from "../../db/data";
import { createCollectionStep, type CollectionRow } from "./collections";
import { addItemStep } from "./items";
import type { CollectionVisibility } from "./model";

/** A new collection, with its first render when one is named (a refused render leaves no empty collection behind). */
export function createCollectionWith(
  data: Data,
  userId: number,
  { name, visibility, renderId }: { name: string; visibility: CollectionVisibility; renderId?: string },
): Promise<CollectionRow> {
  return transaction(data, function* (tx) {
    const collection = yield* createCollectionStep(tx, data.tables, userId, name, visibility);
    if (renderId) yield* addItemStep(tx, data.tables, userId, collection, renderId);
    return collection;
  });
}
