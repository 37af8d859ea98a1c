// A collection as a ZIP, on the library's rules (library/archive.ts: LICENSE, manifest.csv, streamed files): the
// renders this viewer may see; their own, and everyone's once they have unlocked full access, at full resolution,
// the rest at web size. A collection is capped (MAX_ITEMS_PER_COLLECTION), so its entry list is small and bounded.
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import { archiveItemRows, type ArchiveItemRow } from "../../db/collection-items";
import { createImageStore, downloadFileName, imageKeyFromUrlPath, type ImageStore } from "../../storage";
import { buildRenderArchive, type ArchiveEntry, type RenderArchive } from "../library/archive";
import { findAndRecordOriginals, recordedOriginal, type StoredOriginal } from "../library/originals";
import type { CollectionRow } from "./collections";
import { MAX_ITEMS_PER_COLLECTION } from "./model";

type ItemRow = ArchiveItemRow;

export interface ArchiveViewer {
  id: number;
  /** Full access unlocked: others' renders at full resolution too. */
  unlocked: boolean;
}

export const FULL_FOLDER = "full-resolution";
export const WEB_FOLDER = "web-size";

function itemRows(data: Data, collectionId: string, viewerId: number | null): Promise<ItemRow[]> {
  return archiveItemRows(data, collectionId, viewerId, MAX_ITEMS_PER_COLLECTION);
}

async function webImage(store: ImageStore, row: ItemRow): Promise<StoredOriginal | null> {
  const key = row.imagePath ? imageKeyFromUrlPath(row.imagePath) : null;
  const stored = key ? await store.stat(key) : null;
  return key && stored ? { key, size: stored.size } : null;
}

/** The same renders the collection's page shows this viewer: its owner also their private ones, others what anyone may see. */
export async function buildCollectionArchive(data: Data, config: Config, collection: CollectionRow, viewer: ArchiveViewer | null): Promise<RenderArchive> {
  const store = createImageStore(config.storage);
  const rows = await itemRows(data, collection.id, viewer?.id === collection.user_id ? collection.user_id : null);
  const fullSize = (row: ItemRow) => viewer !== null && (viewer.unlocked || row.user_id === viewer.id);
  const unrecorded = rows.filter((row) => fullSize(row) && !recordedOriginal(row));
  const found = unrecorded.length > 0 ? await findAndRecordOriginals(data, store, unrecorded) : new Map<string, StoredOriginal>();
  const files = await Promise.all(rows.map((row) => (fullSize(row) ? (recordedOriginal(row) ?? found.get(row.id) ?? null) : webImage(store, row))));
  const entries: ArchiveEntry[] = [];
  rows.forEach((row, index) => {
    const file = files[index];
    if (!file) return; // a render whose file is lost is left out of the archive and the manifest alike
    const name = `${fullSize(row) ? FULL_FOLDER : WEB_FOLDER}/${row.style_slug}/${downloadFileName(row.id)}`;
    entries.push({ name, key: file.key, size: file.size, lastModified: new Date(row.completed_at ?? row.created_at), render: row });
  });
  return buildRenderArchive(store, config.licenseSpdx, () => entries);
}
