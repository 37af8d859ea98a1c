// The gallery's page reads: styles, the prompt catalogue and the renders its pages show (search is in search.ts).
// Styles, prompts and the one-row reads through Drizzle's builder, prepared once per handle. The renders the pages
// show by the dozen or hundred are raw statements (galleryRows: compiled once per SQL text on bun:sqlite): these
// are the hot reads of /, /style and /r, and on the 10k bench gallery the builder's row mapping made a style's
// 600 renders take 2.5× as long (0.7 → 1.7 ms); for one row the prepared builder is as quick as raw.
import { and, desc, eq, gt, isNotNull, isNull, or, sql, type SQLWrapper } from "drizzle-orm";
import { prepared, type Data } from "./data";
import { GALLERY_COLUMNS, galleryRenderFields, galleryRows, viewableBy, type GalleryRenderRow } from "./gallery-rows";
import { inValues, q, trusted } from "./sql-text";

// ---------------------------------------------------------------------------------------------------------
// Styles and prompts (their public counts are kept by the publishing triggers)

export type PublicStyle = { phrase: string; slug: string; count: number };
export type StyleOrder = "phrase" | "popular" | "newest";

const styleFields = ({ tables: { styles } }: Data) => ({ phrase: styles.phrase, slug: styles.slug, count: styles.publicCount });
/** A–Z ignoring ASCII case, in byte order on both (SQLite's lower() and NOCASE fold ASCII only). */
export const byPhrase = (data: Data, phrase: SQLWrapper = data.tables.styles.phrase) =>
  data.dialect === "sqlite" ? sql`lower(${phrase})` : sql`lower(${phrase}) COLLATE "C"`;
const hasPublic = ({ tables: { styles } }: Data) => gt(styles.publicCount, 0);

const styleOrder = (data: Data, order: StyleOrder) => {
  const { styles } = data.tables;
  if (order === "phrase") return [byPhrase(data)];
  if (order === "popular") return [desc(styles.publicCount), byPhrase(data)];
  return [desc(styles.id)];
};

const allStylesQuery = (data: Data) =>
  data.db.select(styleFields(data)).from(data.tables.styles).where(hasPublic(data)).orderBy(byPhrase(data)).prepare("gallery_all_styles");
const stylePageQuery = (order: StyleOrder) => (data: Data) =>
  data.db
    .select(styleFields(data))
    .from(data.tables.styles)
    .where(hasPublic(data))
    .orderBy(...styleOrder(data, order))
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset"))
    .prepare(`gallery_styles_by_${order}`);
// One builder per order, made once: prepared() keys its cache on the builder's identity.
const STYLE_PAGE_QUERIES = { phrase: stylePageQuery("phrase"), popular: stylePageQuery("popular"), newest: stylePageQuery("newest") };

/** Styles with public renders in `order`; every one (A–Z) when no page is given. */
export async function publicStyles(data: Data, order: StyleOrder, page?: { limit: number; offset?: number }): Promise<PublicStyle[]> {
  if (!page) return prepared(data, allStylesQuery).execute();
  return prepared(data, STYLE_PAGE_QUERIES[order]).execute({ limit: page.limit, offset: page.offset ?? 0 });
}

const styleCountQuery = (data: Data) =>
  data.db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(data.tables.styles).where(hasPublic(data)).prepare("gallery_style_count");

export async function publicStyleCount(data: Data): Promise<number> {
  const [row] = await prepared(data, styleCountQuery).execute();
  return row!.total; // an aggregate always yields one row
}

const styleQuery = (data: Data) =>
  data.db
    .select(styleFields(data))
    .from(data.tables.styles)
    .where(and(eq(data.tables.styles.slug, sql.placeholder("slug")), hasPublic(data)))
    .prepare("gallery_style");

export async function publicStyle(data: Data, slug: string): Promise<PublicStyle | null> {
  const [style] = await prepared(data, styleQuery).execute({ slug });
  return style ?? null;
}

const featuredQuery = (data: Data) => {
  const { styles } = data.tables;
  return data.db
    .select(styleFields(data))
    .from(styles)
    .where(and(isNotNull(styles.featuredAt), hasPublic(data)))
    .orderBy(desc(styles.featuredAt))
    .limit(1)
    .prepare("gallery_featured_style");
};

/** The style an admin featured most recently, while it has public renders. */
export async function featuredPublicStyle(data: Data): Promise<PublicStyle | null> {
  const [style] = await prepared(data, featuredQuery).execute();
  return style ?? null;
}

const curatedStylesQuery = (data: Data) => {
  const { renders, styles } = data.tables;
  const rank = sql<number>`min(${renders.curatedRank})`;
  return data.db
    .select({ ...styleFields(data), rank })
    .from(renders)
    .innerJoin(styles, eq(styles.slug, renders.styleSlug))
    .where(and(isNotNull(renders.curatedRank), isNotNull(renders.gallerySeq)))
    .groupBy(styles.slug, styles.phrase, styles.publicCount)
    .orderBy(rank)
    .limit(sql.placeholder("limit"))
    .prepare("gallery_curated_styles");
};

/** Styles with curated renders, by their best curated rank. */
export async function curatedStyles(data: Data, limit: number): Promise<PublicStyle[]> {
  const found = await prepared(data, curatedStylesQuery).execute({ limit });
  return found.map(({ phrase, slug, count }) => ({ phrase, slug, count }));
}

const totalsQuery = (data: Data) => {
  const { styles } = data.tables;
  return data.db
    .select({
      public_renders: sql<number>`coalesce(sum(${styles.publicCount}), 0)`.mapWith(Number),
      styles: sql<number>`count(*)`.mapWith(Number),
    })
    .from(styles)
    .where(hasPublic(data))
    .prepare("gallery_totals");
};

/** Public renders and styles that have them. */
export async function galleryTotals(data: Data): Promise<{ public_renders: number; styles: number }> {
  const [totals] = await prepared(data, totalsQuery).execute();
  return totals!; // an aggregate without GROUP BY always yields one row
}

const topPromptsQuery = (data: Data) => {
  const { prompts } = data.tables;
  return data.db
    .select({ text: prompts.text })
    .from(prompts)
    .where(gt(prompts.publicCount, 0))
    .orderBy(desc(prompts.publicCount), prompts.id)
    .limit(sql.placeholder("limit"))
    .prepare("gallery_top_prompts");
};

/** Base prompts with the most public renders (the prompt catalogue's order, no scan of renders). */
export async function topPromptTexts(data: Data, limit: number): Promise<string[]> {
  const found = await prepared(data, topPromptsQuery).execute({ limit });
  return found.map((row) => row.text);
}

// ---------------------------------------------------------------------------------------------------------
// Renders the pages show (gallery_seq is set only on a published render: public, finished, not hidden)

export async function curatedRenders(data: Data, limit: number): Promise<GalleryRenderRow[]> {
  return galleryRows(data, q`SELECT ${GALLERY_COLUMNS} FROM renders r WHERE r.curated_rank IS NOT NULL AND r.gallery_seq IS NOT NULL ORDER BY r.curated_rank, r.gallery_seq LIMIT ${limit}`,
  );
}

const cellRenderQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db
    .select(galleryRenderFields(renders))
    .from(renders)
    .where(and(eq(renders.basePrompt, sql.placeholder("prompt")), eq(renders.styleSlug, sql.placeholder("slug")), isNotNull(renders.gallerySeq)))
    .orderBy(renders.modelKey, renders.gallerySeq)
    .limit(1)
    .offset(sql.placeholder("offset"))
    .prepare("gallery_cell_render");
};

/** The published render of a (prompt, style) cell at `offset` in model order. */
export async function publishedCellRender(data: Data, prompt: string, slug: string, offset = 0): Promise<GalleryRenderRow | null> {
  const [row] = await prepared(data, cellRenderQuery).execute({ prompt, slug, offset });
  return row ?? null;
}

const styleCoverQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db
    .select(galleryRenderFields(renders))
    .from(renders)
    .where(and(eq(renders.styleSlug, sql.placeholder("slug")), isNotNull(renders.gallerySeq)))
    .orderBy(renders.gallerySeq)
    .limit(1)
    .prepare("gallery_style_cover");
};

/** A style's first published render in gallery order: its cover. */
export async function styleCoverRender(data: Data, slug: string): Promise<GalleryRenderRow | null> {
  const [row] = await prepared(data, styleCoverQuery).execute({ slug });
  return row ?? null;
}

/** A style's first published renders in gallery order (its cover is the first). */
export async function publishedRendersOfStyle(data: Data, slug: string, limit: number): Promise<GalleryRenderRow[]> {
  return galleryRows(data, q`SELECT ${GALLERY_COLUMNS} FROM renders r WHERE r.style_slug = ${slug} AND r.gallery_seq IS NOT NULL ORDER BY r.gallery_seq LIMIT ${limit}`);
}

/** A style's queued or running public renders, in planned order (its page shows them arriving). */
export async function activePublicRendersOfStyle(data: Data, slug: string, limit: number): Promise<GalleryRenderRow[]> {
  return galleryRows(data, q`SELECT ${GALLERY_COLUMNS} FROM renders r
        WHERE r.style_slug = ${slug} AND r.status IN ('pending', 'running') AND r.visibility = 'public' AND r.hidden_at IS NULL ORDER BY r.seq LIMIT ${limit}`,
  );
}

const modelPublishedQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db
    .select({ one: sql`1` })
    .from(renders)
    .where(and(eq(renders.modelKey, sql.placeholder("key")), isNotNull(renders.gallerySeq)))
    .limit(1)
    .prepare("gallery_model_published");
};

/** Whether a model has any published render (one index probe). */
export async function modelHasPublishedRender(data: Data, modelKey: string): Promise<boolean> {
  return (await prepared(data, modelPublishedQuery).execute({ key: modelKey })).length > 0;
}

const publicCondition = ({ tables: { renders } }: Data) => and(eq(renders.visibility, "public"), eq(renders.nsfw, false), isNull(renders.hiddenAt));

const viewableQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db
    .select(galleryRenderFields(renders))
    .from(renders)
    .where(
      and(
        eq(renders.id, sql.placeholder("id")),
        or(publicCondition(data), and(isNotNull(renders.userId), eq(renders.userId, sql.placeholder("viewer")))),
      ),
    )
    .prepare("gallery_viewable_render");
};

/** A render this viewer may see (a signed-out viewer, null, sees public renders only). */
export async function viewableRender(data: Data, id: string, viewerId: number | null): Promise<GalleryRenderRow | null> {
  const [row] = await prepared(data, viewableQuery).execute({ id, viewer: viewerId ?? -1 });
  return row ?? null;
}

const publicQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db
    .select(galleryRenderFields(renders))
    .from(renders)
    .where(and(eq(renders.id, sql.placeholder("id")), publicCondition(data)))
    .prepare("gallery_public_render");
};

export async function publicRender(data: Data, id: string): Promise<GalleryRenderRow | null> {
  const [row] = await prepared(data, publicQuery).execute({ id });
  return row ?? null;
}

/** A matrix run's renders in planned order: those this viewer may see, or every one (for its owner's page). */
export async function renderRowsOfRun(data: Data, runId: string, viewer: { viewerId: number | null } | "all"): Promise<GalleryRenderRow[]> {
  const visible = viewer === "all" ? trusted("") : q` AND ${viewableBy(viewer.viewerId)}`;
  return galleryRows(data, q`SELECT ${GALLERY_COLUMNS} FROM renders r WHERE r.matrix_run_id = ${runId}${visible} ORDER BY r.seq`);
}

/** The same prompt and style in other models, by model. */
export async function sameCellOtherRenders(
  data: Data,
  render: { id: string; base_prompt: string; style_slug: string },
  limit: number,
): Promise<GalleryRenderRow[]> {
  return galleryRows(data, q`SELECT ${GALLERY_COLUMNS} FROM renders r
        WHERE r.base_prompt = ${render.base_prompt} AND r.style_slug = ${render.style_slug} AND r.id != ${render.id} AND r.gallery_seq IS NOT NULL
        ORDER BY r.model_key LIMIT ${limit}`,
  );
}

/** The same prompt in other styles, in gallery order. */
export async function samePromptOtherStyles(data: Data, render: { base_prompt: string; style_slug: string }, limit: number): Promise<GalleryRenderRow[]> {
  return galleryRows(data, q`SELECT ${GALLERY_COLUMNS} FROM renders r
        WHERE r.base_prompt = ${render.base_prompt} AND r.gallery_seq IS NOT NULL AND r.style_slug != ${render.style_slug} ORDER BY r.gallery_seq LIMIT ${limit}`,
  );
}

const provenanceQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db.select({ provenance: renders.provenance }).from(renders).where(eq(renders.id, sql.placeholder("id"))).prepare("gallery_render_provenance");
};

export async function renderProvenanceOf(data: Data, id: string) {
  const [row] = await prepared(data, provenanceQuery).execute({ id });
  return row?.provenance ?? null;
}

const hidingQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db
    .select({ hiddenAt: renders.hiddenAt, hiddenReason: renders.hiddenReason })
    .from(renders)
    .where(eq(renders.id, sql.placeholder("id")))
    .prepare("gallery_render_hiding");
};

export async function renderHiding(data: Data, id: string): Promise<{ hiddenAt: number | null; hiddenReason: string | null } | null> {
  const [row] = await prepared(data, hidingQuery).execute({ id });
  return row ?? null;
}

const uploadIdQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db.select({ uploadId: renders.uploadId }).from(renders).where(eq(renders.id, sql.placeholder("id"))).prepare("gallery_render_upload");
};

/** The photo a restyle started from (null for a render from a prompt alone, or no such render). */
export async function renderUploadIdOf(data: Data, id: string): Promise<string | null> {
  const [row] = await prepared(data, uploadIdQuery).execute({ id });
  return row?.uploadId ?? null;
}

const accessQuery = (data: Data) => {
  const { renders } = data.tables;
  return data.db
    .select({ visibility: renders.visibility, nsfw: renders.nsfw, hiddenAt: renders.hiddenAt, userId: renders.userId })
    .from(renders)
    .where(eq(renders.id, sql.placeholder("id")))
    .prepare("gallery_render_access");
};

/** Who may see a render: its visibility, safety verdict, moderation and owner (null when there is no such render). */
export async function renderAccessOf(data: Data, id: string) {
  const [row] = await prepared(data, accessQuery).execute({ id });
  return row ?? null;
}

/** The user's own restyles among `ids` (any order), with the photo each restyled; the id list binds as one parameter. */
export async function ownRestyleRows(data: Data, userId: number, ids: readonly string[]): Promise<(GalleryRenderRow & { upload_id: string })[]> {
  return galleryRows<GalleryRenderRow & { upload_id: string }>(data, q`SELECT ${GALLERY_COLUMNS}, r.upload_id FROM renders r WHERE r.user_id = ${userId} AND r.upload_id IS NOT NULL AND ${inValues(data, "r.id", ids)}`,
  );
}
