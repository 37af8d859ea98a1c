// Curation: the home page's curated set (renders with a curated_rank, shown in rank order) and the featured
// style. Each change moves gallery_state.version, so every cached page that shows them is rebuilt.
import type { Database } from "bun:sqlite";
import { immediate } from "../../db/client";
import type { RawRow } from "../../db/raw-row";
import type { renders, styles } from "../../db/schema";
import { HttpError } from "../../http/http-error";
import { recordAdminAction } from "./audit";

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

function touchGallery(sqlite: Database): void {
  sqlite.query("UPDATE gallery_state SET version = version + 1 WHERE id = 1").run();
}

export function curatedSet(sqlite: Database): CuratedItem[] {
  // published is computed (0/1 from SQLite's IS NOT NULL), and the WHERE rules out a null curated_rank
  const rows = sqlite
    .query<Omit<CuratedItem, "published"> & { published: number }, []>(
      `SELECT id, base_prompt, style_phrase, thumb_path, curated_rank, gallery_seq IS NOT NULL AS published FROM renders
       WHERE curated_rank IS NOT NULL ORDER BY curated_rank, seq`,
    )
    .all();
  return rows.map((row) => ({ ...row, published: row.published === 1 }));
}

/** Ranks 1..n in the current order, so moves are swaps of neighbours and adds go to the end. */
function renumber(sqlite: Database, ids: string[]): void {
  const rank = sqlite.query("UPDATE renders SET curated_rank = ? WHERE id = ?");
  ids.forEach((id, index) => rank.run(index + 1, id));
}

function curatedIds(sqlite: Database): string[] {
  return sqlite.query<RawRow<typeof renders, "id">, []>("SELECT id FROM renders WHERE curated_rank IS NOT NULL ORDER BY curated_rank, seq").all().map((row) => row.id);
}

/** Adds a public render at the end of the curated set. */
export function curateRender(sqlite: Database, adminId: number, renderId: string, reason: string | null): void {
  immediate(sqlite, () => {
    const render = sqlite
      .query<RawRow<typeof renders, "gallery_seq" | "curated_rank">, [string]>("SELECT gallery_seq, curated_rank FROM renders WHERE id = ?")
      .get(renderId);
    if (!render) throw new HttpError(404, "No render has that id.");
    if (render.curated_rank !== null) throw new HttpError(409, "That render is already in the curated set.");
    if (render.gallery_seq === null) throw new HttpError(409, "Only a render in the public gallery can be curated.");
    renumber(sqlite, [...curatedIds(sqlite), renderId]);
    touchGallery(sqlite);
    recordAdminAction(sqlite, adminId, "curate", renderId, reason);
  });
}

export function uncurateRender(sqlite: Database, adminId: number, renderId: string, reason: string | null): void {
  immediate(sqlite, () => {
    const ids = curatedIds(sqlite);
    if (!ids.includes(renderId)) throw new HttpError(404, "That render is not in the curated set.");
    sqlite.query("UPDATE renders SET curated_rank = NULL WHERE id = ?").run(renderId);
    renumber(sqlite, ids.filter((id) => id !== renderId));
    touchGallery(sqlite);
    recordAdminAction(sqlite, adminId, "uncurate", renderId, reason);
  });
}

/** Moves a curated render one place up (earlier on the home page) or down. */
export function moveCurated(sqlite: Database, adminId: number, renderId: string, direction: "up" | "down"): void {
  immediate(sqlite, () => {
    const ids = curatedIds(sqlite);
    const index = ids.indexOf(renderId);
    if (index === -1) throw new HttpError(404, "That render is not in the curated set.");
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= ids.length) throw new HttpError(409, `That render is already ${direction === "up" ? "first" : "last"}.`);
    [ids[index], ids[target]] = [ids[target]!, ids[index]!];
    renumber(sqlite, ids);
    touchGallery(sqlite);
    recordAdminAction(sqlite, adminId, "curate_move", renderId, direction);
  });
}

/** Styles an admin may feature (those with public renders), the featured one first. */
export function curationStyles(sqlite: Database, limit = 200): CurationStyle[] {
  // count and featured are computed columns the schema cannot name: 0/1 from SQLite's IS NOT NULL
  const rows = sqlite
    .query<RawRow<typeof styles, "slug" | "phrase"> & { count: number; featured: number }, [number]>(
      `SELECT slug, phrase, public_count AS count, featured_at IS NOT NULL AS featured FROM styles WHERE public_count > 0
       ORDER BY featured_at IS NULL, public_count DESC, phrase COLLATE NOCASE LIMIT ?`,
    )
    .all(limit);
  return rows.map((row) => ({ ...row, featured: row.featured === 1 }));
}

/** Features one style on the home page (one at a time: featuring another replaces it). */
export function featureStyle(sqlite: Database, adminId: number, slug: string, reason: string | null, now = Date.now()): void {
  immediate(sqlite, () => {
    const style = sqlite
      .query<RawRow<typeof styles, "public_count" | "featured_at">, [string]>("SELECT public_count, featured_at FROM styles WHERE slug = ?")
      .get(slug);
    if (!style || style.public_count === 0) throw new HttpError(404, "No style with public renders has that slug.");
    if (style.featured_at !== null) throw new HttpError(409, "That style is already featured.");
    sqlite.query("UPDATE styles SET featured_at = NULL WHERE featured_at IS NOT NULL").run();
    sqlite.query("UPDATE styles SET featured_at = ? WHERE slug = ?").run(now, slug);
    touchGallery(sqlite);
    recordAdminAction(sqlite, adminId, "feature_style", slug, reason);
  });
}

export function unfeatureStyle(sqlite: Database, adminId: number, reason: string | null): void {
  immediate(sqlite, () => {
    const featured = sqlite.query<RawRow<typeof styles, "slug">, []>("SELECT slug FROM styles WHERE featured_at IS NOT NULL").get();
    if (!featured) throw new HttpError(409, "No style is featured.");
    sqlite.query("UPDATE styles SET featured_at = NULL WHERE slug = ?").run(featured.slug);
    touchGallery(sqlite);
    recordAdminAction(sqlite, adminId, "unfeature_style", featured.slug, reason);
  });
}
