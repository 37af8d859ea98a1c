// Gallery reads: the style list, the home page's sets, a style's matrix, a render and its siblings (search is in search.ts).
import type { Data } from "../../db/data";
import type { GalleryRenderRow } from "../../db/gallery-rows";
import type { RenderProvenance } from "../../generation/provenance";
import type { ExploreSort, RenderJson, StyleJson } from "./model";
import { toRenderJson } from "./render-row";
import {
  activePublicRendersOfStyle,
  curatedRenders,
  curatedStyles,
  featuredPublicStyle,
  galleryTotals,
  modelHasPublishedRender,
  publicRender,
  publicStyle,
  publicStyleCount,
  publicStyles,
  publishedCellRender,
  publishedRendersOfStyle,
  renderHiding,
  renderProvenanceOf,
  renderRowsOfRun,
  styleCoverRender,
  sameCellOtherRenders,
  samePromptOtherStyles,
  topPromptTexts,
  viewableRender,
} from "../../db/gallery-reads";
import { strengthsOfStyles, stylesByStrength, type ModelStrength } from "./style-strength";

export { toRenderJson } from "./render-row";

export async function listStyles(data: Data): Promise<StyleJson[]> {
  return publicStyles(data, "phrase");
}

export async function popularStyles(data: Data, limit: number): Promise<StyleJson[]> {
  return publicStyles(data, "popular", { limit });
}

export async function findStyle(data: Data, slug: string): Promise<StyleJson | null> {
  return publicStyle(data, slug);
}

/**
 * The home page's set: curated renders by rank; when none are curated, a diagonal through the matrix
 * (style i shows prompt i mod P, cycling models), so styles, prompts and models are all represented
 * and the choice is deterministic. Costs one indexed read per tile.
 */
export async function defaultRenders(data: Data, limit: number): Promise<RenderJson[]> {
  const curated = await curatedRenders(data, limit);
  if (curated.length > 0) return curated.map(toRenderJson);
  const styles = await publicStyles(data, "phrase", { limit });
  const prompts = await topPrompts(data, 12);
  const chosen: GalleryRenderRow[] = [];
  for (const [index, { slug }] of styles.entries()) {
    const prompt = prompts[index % Math.max(1, prompts.length)];
    // Each pass through the prompts moves to the cell's next model.
    const modelTurn = Math.floor(index / Math.max(1, prompts.length)) % 2;
    const row =
      (prompt !== undefined ? ((await publishedCellRender(data, prompt, slug, modelTurn)) ?? (await publishedCellRender(data, prompt, slug))) : null) ??
      (await styleCoverRender(data, slug));
    if (row) chosen.push(row);
  }
  return chosen.map(toRenderJson);
}

export interface FeaturedStyle {
  style: StyleJson;
  renders: RenderJson[];
}

/** The style an admin featured (while it has public renders), with its first few renders in gallery order. */
export async function featuredStyle(data: Data, limit: number): Promise<FeaturedStyle | null> {
  const style = await featuredPublicStyle(data);
  if (!style) return null;
  return { style, renders: (await publishedRendersOfStyle(data, style.slug, limit)).map(toRenderJson) };
}

/** Base prompts with the most public renders (the prompt catalogue's order, no scan of renders). */
export async function topPrompts(data: Data, limit: number): Promise<string[]> {
  return topPromptTexts(data, limit);
}

export interface Showcase {
  prompts: string[];
  styles: StyleJson[];
  /** cells[prompt][style slug] */
  cells: Map<string, Map<string, RenderJson>>;
}

/**
 * The home page's small matrix: the most rendered prompts (rows) across styles (columns) — the curated
 * styles in rank order when there are any, else the most rendered — one model per cell. Each row says
 * "same prompt, many styles", each column "many prompts".
 */
export async function homeShowcase(data: Data, promptCount: number, styleCount: number): Promise<Showcase> {
  const prompts = await topPrompts(data, promptCount);
  const styles: StyleJson[] = await curatedStyles(data, styleCount);
  if (styles.length < styleCount) {
    for (const style of await popularStyles(data, styleCount * 2)) {
      if (styles.length < styleCount && !styles.some((shown) => shown.slug === style.slug)) styles.push(style);
    }
  }
  const cells = new Map<string, Map<string, RenderJson>>();
  for (const prompt of prompts) {
    const row = new Map<string, RenderJson>();
    for (const style of styles) {
      const render = await publishedCellRender(data, prompt, style.slug);
      if (render) row.set(style.slug, toRenderJson(render));
    }
    cells.set(prompt, row);
  }
  return { prompts, styles, cells };
}

export interface StyleCard extends StyleJson {
  cover: RenderJson | null;
  /** Measured strength per model, strongest first (absent until measured). */
  strengths?: ModelStrength[];
}

/**
 * A page of styles for explore's cards, each with a cover (its first render in gallery order) and its measured
 * strengths. "strength" orders them by measured strength, on `model` when one is named.
 */
export async function styleCards(
  data: Data,
  params: { sort: ExploreSort; offset: number; limit: number; model?: string | null },
): Promise<{ cards: StyleCard[]; total: number }> {
  let styles: StyleJson[];
  let total: number;
  if (params.sort === "strength") {
    ({ styles, total } = await stylesByStrength(data, { model: params.model ?? null, offset: params.offset, limit: params.limit }));
  } else {
    styles = await publicStyles(data, params.sort === "newest" ? "newest" : "phrase", { limit: params.limit, offset: params.offset });
    total = await publicStyleCount(data);
  }
  const strengths = await strengthsOfStyles(data, styles.map((style) => style.slug));
  const cards: StyleCard[] = [];
  for (const style of styles) {
    const row = await styleCoverRender(data, style.slug);
    cards.push({ ...style, cover: row ? toRenderJson(row) : null, strengths: strengths.get(style.slug) });
  }
  return { total, cards };
}

/** Offered models that have public renders: explore's model filter. One index probe per model. */
export async function galleryModels(data: Data, modelKeys: readonly string[]): Promise<string[]> {
  const published: string[] = [];
  for (const key of modelKeys) if (await modelHasPublishedRender(data, key)) published.push(key);
  return published;
}

/** A style page shows this many prompts (rows); the rest follow a keyset link, so a page stays light at any size. */
export const STYLE_PAGE_PROMPTS = 12;

export interface StyleMatrix {
  style: StyleJson;
  /** This page's prompts, in collation order, after `after` when given. */
  prompts: string[];
  /** Every prompt the style has, across pages. */
  totalPrompts: number;
  /** The prompts before this page (0 on the first page). */
  promptsBefore: number;
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
  models: string[];
  /** cells[prompt][model] */
  cells: Map<string, Map<string, RenderJson>>;
}

/**
 * One style's matrix: rows are base prompts, columns are models. Finished renders fill cells first;
 * queued or running public renders fill the rest, so the page can show them arriving live.
 */
export async function styleMatrix(data: Data, slug: string, options: { after?: string; maxRenders?: number } = {}): Promise<StyleMatrix | null> {
  const maxRenders = options.maxRenders ?? 2000;
  const done = await publishedRendersOfStyle(data, slug, maxRenders);
  const active = await activePublicRendersOfStyle(data, slug, maxRenders);
  const first = done[0] ?? active[0];
  if (!first) return null;
  const cells = new Map<string, Map<string, RenderJson>>();
  const models = new Set<string>();
  for (const row of [...done, ...active]) {
    let byModel = cells.get(row.base_prompt);
    if (!byModel) cells.set(row.base_prompt, (byModel = new Map()));
    if (!byModel.has(row.model_key)) byModel.set(row.model_key, toRenderJson(row));
    models.add(row.model_key);
  }
  const collator = new Intl.Collator("en");
  const allPrompts = [...cells.keys()].sort(collator.compare);
  // Keyset paging: a prompt added meanwhile lands on its own page and never shifts the pages after it.
  const after = options.after;
  const promptsBefore = after === undefined ? 0 : allPrompts.filter((prompt) => collator.compare(prompt, after) <= 0).length;
  const prompts = allPrompts.slice(promptsBefore, promptsBefore + STYLE_PAGE_PROMPTS);
  const pageCells = new Map(prompts.map((prompt) => [prompt, cells.get(prompt)!]));
  return {
    style: { phrase: first.style_phrase, slug, count: done.length },
    prompts,
    totalPrompts: allPrompts.length,
    promptsBefore,
    nextAfter: promptsBefore + prompts.length < allPrompts.length ? prompts.at(-1)! : null,
    // Every page has the style's every model as a column, so columns line up from page to page.
    models: [...models].sort(collator.compare),
    cells: pageCells,
  };
}

export async function findViewableRender(data: Data, id: string, viewerId: number | null): Promise<RenderJson | null> {
  const row = await viewableRender(data, id, viewerId);
  return row ? toRenderJson(row) : null;
}

/** A render anyone may see. */
export async function findPublicRender(data: Data, id: string): Promise<RenderJson | null> {
  const row = await publicRender(data, id);
  return row ? toRenderJson(row) : null;
}

/** The renders of a matrix run this viewer may see (the same rule as a single render), in planned order. */
export async function viewableMatrixRunRenders(data: Data, runId: string, viewerId: number | null): Promise<RenderJson[]> {
  return (await renderRowsOfRun(data, runId, { viewerId })).map(toRenderJson);
}

/** Every render of a matrix run, in the order they were planned (for its owner's page). */
export async function matrixRunRenders(data: Data, runId: string): Promise<RenderJson[]> {
  return (await renderRowsOfRun(data, runId, "all")).map(toRenderJson);
}

/**
 * The same base prompt in other styles and models: the same style's other models first, then other
 * styles in gallery order. Two indexed reads, so a prompt with thousands of renders costs no sort.
 */
export async function renderSiblings(data: Data, render: RenderJson, limit: number): Promise<RenderJson[]> {
  const sameStyle = await sameCellOtherRenders(data, render, limit);
  const otherStyles = await samePromptOtherStyles(data, render, Math.max(0, limit - sameStyle.length));
  return [...sameStyle, ...otherStyles].map(toRenderJson);
}

export interface GalleryCounts {
  public_renders: number;
  styles: number;
}

export async function galleryCounts(data: Data): Promise<GalleryCounts> {
  return galleryTotals(data);
}

/** How a render was made (null until it completes, and for renders made before provenance was kept). */
export async function findRenderProvenance(data: Data, id: string): Promise<RenderProvenance | null> {
  return renderProvenanceOf(data, id);
}

/** Why a moderator hid this render (null when it is not hidden): its owner still sees it, with this note. */
export async function hiddenReason(data: Data, id: string): Promise<string | null> {
  const row = await renderHiding(data, id);
  return row?.hiddenAt == null ? null : (row.hiddenReason ?? "");
}
