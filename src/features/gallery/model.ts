// Request schemas and the JSON shape of a render, shared by the gallery's API routes and pages.
import { t } from "elysia";
import { integerParam, textParam } from "../../http/params";

export const SEARCH_MAX_LIMIT = 100;
export const SEARCH_DEFAULT_LIMIT = 24;
export const SEARCH_MAX_OFFSET = 100_000;
export const SEARCH_MAX_QUERY_LENGTH = 200;

export const SEARCH_SORTS = ["az", "newest"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

const sortParam = t.Optional(
  t.UnionEnum(SEARCH_SORTS, {
    description: "az (default): style matches first, then prompt, model and mixed matches, each A–Z; newest: latest first",
    error: "sort must be az or newest",
  }),
);
const modelParam = t.Optional(
  t.String({ pattern: "^[a-z0-9-]{1,32}:[a-z0-9.-]{1,64}$", description: "Only renders by this model (provider:model)", error: "model must be a model key such as local:paint" }),
);
const cursorParam = t.Optional(textParam("cursor", 128, "From a previous answer: keeps the result set fixed while paging"));

export const searchQuery = t.Object({
  q: textParam("q", SEARCH_MAX_QUERY_LENGTH, "Words matched against style phrases, base prompts and model names, each as a prefix"),
  offset: t.Optional(integerParam("offset", 0, SEARCH_MAX_OFFSET)),
  limit: t.Optional(integerParam("limit", 1, SEARCH_MAX_LIMIT, `Results per page (default ${SEARCH_DEFAULT_LIMIT})`)),
  cursor: cursorParam,
  model: modelParam,
  sort: sortParam,
});

/** Explore also orders styles by measured strength ("strongest effect"), which has no meaning for a render search. */
export const EXPLORE_SORTS = [...SEARCH_SORTS, "strength"] as const;
export type ExploreSort = (typeof EXPLORE_SORTS)[number];

export const exploreQuery = t.Object({
  q: t.Optional(textParam("q", SEARCH_MAX_QUERY_LENGTH)),
  offset: t.Optional(integerParam("offset", 0, SEARCH_MAX_OFFSET)),
  cursor: cursorParam,
  model: t.Optional(t.String({ maxLength: 100, error: "model must be a model key such as local:paint" })),
  sort: t.Optional(t.UnionEnum(EXPLORE_SORTS, { error: "sort must be az, newest or strength" })),
});

export interface RenderJson {
  id: string;
  style_phrase: string;
  style_slug: string;
  model_key: string;
  base_prompt: string;
  effective_prompt: string;
  status: "pending" | "running" | "done" | "failed";
  visibility: "public" | "private";
  image_path: string | null;
  thumb_path: string | null;
  thumb_2x_path: string | null;
  /** Of the web image (at most 768 px on its long edge). */
  width: number | null;
  height: number | null;
  /** Of the full-resolution original (downloads and the library); null for renders stored before it was recorded. */
  full_width: number | null;
  full_height: number | null;
  thumbhash: string | null;
  curated_rank: number | null;
  error: string | null;
  /** The matrix run that produced it (its live progress is at /matrix/:id/events). */
  matrix_run_id: string | null;
  /** 1 for a cell's first render; a re-render is the next version, linked to the one it replaces. */
  version: number;
  previous_version_id: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface StyleJson {
  phrase: string;
  slug: string;
  count: number;
}

export interface SearchPage {
  query: string;
  model: string | null;
  sort: SearchSort;
  results: RenderJson[];
  total: number;
  offset: number;
  limit: number;
  /** Pass back unchanged with any offset: the set stays the one this answer counted. */
  cursor: string;
  next_offset: number | null;
  /** What the words matched, in rank order: style matches come first in the results. */
  matched: { styles: { slug: string; phrase: string }[]; prompts: string[]; models: string[] };
}
