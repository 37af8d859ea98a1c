// Curation: the home page's curated set (renders with a curated_rank, shown in rank order) and the featured
// style. Each change moves gallery_state.version, so every cached page that shows them is rebuilt.
import { and, asc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { run, transaction, type Data, type Tables, type Tx } from "../../db/data";
import type { RawRow } from "../../db/raw-row";
import type { renders } from "../../db/schema";
import { HttpError } from "../../http/http-error";
import { recordAdminActionStep } from "./audit";

export type CuratedItem = RawRow<typeof renders, "id" | "base_prompt" | "style_phrase" | "thumb_path"> & {
  /** Never null here: the curated set is the renders whose rank is set. */
  curated_rank: number;
  /** False when it is curated but not public now (hidden, superseded, made private): the home page skips it. */
  published: boolean;
};

export interface CurationStyle {
  slug: string;
  phrase: string;
  count: number;
  featured: boolean;
}

function* touchGallery(tx: Tx, { galleryState }: Tables) {
  yield* run(tx.update(galleryState).set({ version: sql`${galleryState.version} + 1` }).where(eq(galleryState.id, 1)));
}

export async function curatedSet(data: Data): Promise<CuratedItem[]> {
  const { renders } = data.tables;
  const rows = await data.db
    .select({
      id: renders.id,
      base_prompt: renders.basePrompt,
      style_phrase: renders.stylePhrase,
      thumb_path: renders.thumbPath,
      curated_rank: renders.curatedRank,
      gallery_seq: renders.gallerySeq,
    })
    .from(renders)
    .where(isNotNull(renders.curatedRank))
    .orderBy(asc(renders.curatedRank), asc(renders.seq));
  // the WHERE rules out a null curated_rank
  return rows.map(({ gallery_seq, curated_rank, ...row }) => ({ ...row, curated_rank: curated_rank!, published: gallery_seq !== null }));
}

/** Ranks 1..n in the current order, so moves are swaps of neighbours and adds go to the end. */
function* renumber(tx: Tx, { renders }: Tables, ids: string[]) {
  for (const [index, id] of ids.entries()) yield* run(tx.update(renders).set({ curatedRank: index + 1 }).where(eq(renders.id, id)));
}

function* curatedIds(tx: Tx, { renders }: Tables) {
  const rows = yield* run(tx.select({ id: renders.id }).from(renders).where(isNotNull(renders.curatedRank)).orderBy(asc(renders.curatedRank), asc(renders.seq)));
  return rows.map((row) => row.id);
}

/** Adds a public render at the end of the curated set. */
export async function curateRender(data: Data, adminId: number, renderId: string, reason: string | null): Promise<void> {
  const { tables } = data;
  const { renders } = tables;
  await transaction(data, function* (tx) {
    const [render] = yield* run(tx.select({ gallerySeq: renders.gallerySeq, curatedRank: renders.curatedRank }).from(renders).where(eq(renders.id, renderId)));
    if (!render) throw new HttpError(404, "No render has that id.");
    if (render.curatedRank !== null) throw new HttpError(409, "That render is already in the curated set.");
    if (render.gallerySeq === null) throw new HttpError(409, "Only a render in the public gallery can be curated.");
    yield* renumber(tx, tables, [...(yield* curatedIds(tx, tables)), renderId]);
    yield* touchGallery(tx, tables);
    yield* recordAdminActionStep(tx, tables, adminId, "curate", renderId, reason);
  });
}

export async function uncurateRender(data: Data, adminId: number, renderId: string, reason: string | null): Promise<void> {
  const { tables } = data;
  const { renders } = tables;
  await transaction(data, function* (tx) {
    const ids = yield* curatedIds(tx, tables);
    if (!ids.includes(renderId)) throw new HttpError(404, "That render is not in the curated set.");
    yield* run(tx.update(renders).set({ curatedRank: null }).where(eq(renders.id, renderId)));
    yield* renumber(tx, tables, ids.filter((id) => id !== renderId));
    yield* touchGallery(tx, tables);
    yield* recordAdminActionStep(tx, tables, adminId, "uncurate", renderId, reason);
  });
}

/** Moves a curated render one place up (earlier on the home page) or down. */
export async function moveCurated(data: Data, adminId: number, renderId: string, direction: "up" | "down"): Promise<void> {
  const { tables } = data;
  await transaction(data, function* (tx) {
    const ids = yield* curatedIds(tx, tables);
    const index = ids.indexOf(renderId);
    if (index === -1) throw new HttpError(404, "That render is not in the curated set.");
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= ids.length) throw new HttpError(409, `That render is already ${direction === "up" ? "first" : "last"}.`);
    [ids[index], ids[target]] = [ids[target]!, ids[index]!];
    yield* renumber(tx, tables, ids);
    yield* touchGallery(tx, tables);
    yield* recordAdminActionStep(tx, tables, adminId, "curate_move", renderId, direction);
  });
}

/** Styles an admin may feature (those with public renders), the featured one first. */
export async function curationStyles(data: Data, limit = 200): Promise<CurationStyle[]> {
  const { styles } = data.tables;
  const rows = await data.db
    .select({ slug: styles.slug, phrase: styles.phrase, count: styles.publicCount, featuredAt: styles.featuredAt })
    .from(styles)
    .where(gt(styles.publicCount, 0))
    // lower() for both databases: SQLite's NOCASE and PostgreSQL's collations differ
    .orderBy(sql`${styles.featuredAt} IS NULL`, sql`${styles.publicCount} DESC`, sql`lower(${styles.phrase})`)
    .limit(limit);
  return rows.map(({ featuredAt, ...row }) => ({ ...row, featured: featuredAt !== null }));
}

/** Features one style on the home page (one at a time: featuring another replaces it). */
export async function featureStyle(data: Data, adminId: number, slug: string, reason: string | null, now = Date.now()): Promise<void> {
  const { tables } = data;
  const { styles } = tables;
  await transaction(data, function* (tx) {
    const [style] = yield* run(tx.select({ publicCount: styles.publicCount, featuredAt: styles.featuredAt }).from(styles).where(eq(styles.slug, slug)));
    if (!style || style.publicCount === 0) throw new HttpError(404, "No style with public renders has that slug.");
    if (style.featuredAt !== null) throw new HttpError(409, "That style is already featured.");
    yield* run(tx.update(styles).set({ featuredAt: null }).where(isNotNull(styles.featuredAt)));
    yield* run(tx.update(styles).set({ featuredAt: now }).where(eq(styles.slug, slug)));
    yield* touchGallery(tx, tables);
    yield* recordAdminActionStep(tx, tables, adminId, "feature_style", slug, reason);
  });
}

export async function unfeatureStyle(data: Data, adminId: number, reason: string | null): Promise<void> {
  const { tables } = data;
  const { styles } = tables;
  await transaction(data, function* (tx) {
    const [featured] = yield* run(tx.select({ slug: styles.slug }).from(styles).where(isNotNull(styles.featuredAt)));
    if (!featured) throw new HttpError(409, "No style is featured.");
    yield* run(tx.update(styles).set({ featuredAt: null }).where(and(eq(styles.slug, featured.slug), isNotNull(styles.featuredAt))));
    yield* touchGallery(tx, tables);
    yield* recordAdminActionStep(tx, tables, adminId, "unfeature_style", featured.slug, reason);
  });
}
