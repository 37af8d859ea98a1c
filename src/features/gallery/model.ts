// Request schemas of the gallery's API routes and pages, and the types of the JSON bodies they answer.
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

// The JSON bodies are described by their schemas (./responses); these are their types.
export type { RenderJson, SearchPage, StyleJson } from "./responses";
