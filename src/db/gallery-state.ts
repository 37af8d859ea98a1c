// The gallery's position counter (gallery_state, kept by triggers from renders); read-only here.
import { eq } from "drizzle-orm";
import { prepared, run, type Data, type Tables, type Tx } from "./data";
import type { Step } from "./renders";

// Prepared once per handle: both are read on every search and cached page.
const lastSeqQuery = ({ db, tables: { galleryState } }: Data) =>
  db.select({ n: galleryState.lastGallerySeq }).from(galleryState).where(eq(galleryState.id, 1)).prepare("gallery_last_seq");
const versionQuery = ({ db, tables: { galleryState } }: Data) =>
  db.select({ n: galleryState.version }).from(galleryState).where(eq(galleryState.id, 1)).prepare("gallery_version");

/** The highest gallery position handed out so far: what search paging and the library snapshot on. */
export async function lastGallerySeq(data: Data): Promise<number> {
  const [row] = await prepared(data, lastSeqQuery).execute();
  return row?.n ?? 0;
}

/** lastGallerySeq inside a transaction (a snapshot read with the rows it bounds). */
export function* lastGallerySeqStep(tx: Tx, { galleryState }: Tables): Step<number> {
  const [row] = yield* run(tx.select({ n: galleryState.lastGallerySeq }).from(galleryState).where(eq(galleryState.id, 1)));
  return row?.n ?? 0;
}

/** Moves whenever the public gallery changes (a render published or unpublished): what caches key on. */
export async function galleryVersion(data: Data): Promise<number> {
  const [row] = await prepared(data, versionQuery).execute();
  return row?.n ?? 0;
}
