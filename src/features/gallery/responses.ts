// The gallery's JSON bodies: a render, a style, a search page, and one render in full (GET /render/:id).
import { t, type Static } from "elysia";
import { integer } from "../../http/responses";
import { SEARCH_SORTS } from "./model";

const nullable = <T extends Parameters<typeof t.Union>[0][number]>(schema: T, description?: string) => t.Union([schema, t.Null()], { description });

export const renderJson = t.Object({
  id: t.String(),
  style_phrase: t.String(),
  style_slug: t.String(),
  model_key: t.String({ description: "provider:model, e.g. local:paint" }),
  base_prompt: t.String(),
  effective_prompt: t.String({ description: "The prompt the model was given: the base prompt in the style" }),
  status: t.UnionEnum(["pending", "running", "done", "failed"]),
  visibility: t.UnionEnum(["public", "private"]),
  image_path: nullable(t.String(), "The web image (WebP); null until done"),
  thumb_path: nullable(t.String()),
  thumb_2x_path: nullable(t.String()),
  width: nullable(integer(), "Of the web image (at most 768 px on its long edge)"),
  height: nullable(integer()),
  full_width: nullable(integer(), "Of the full-resolution original; null for renders stored before it was recorded"),
  full_height: nullable(integer()),
  thumbhash: nullable(t.String(), "A tiny placeholder (base64 ThumbHash)"),
  curated_rank: nullable(integer()),
  error: nullable(t.String(), "Why a failed render failed"),
  matrix_run_id: nullable(t.String(), "The matrix run that produced it (its live progress is at /matrix/:id/events)"),
  version: integer({ description: "1 for a cell's first render; a re-render is the next version" }),
  previous_version_id: nullable(t.String(), "The version this one replaces"),
  created_at: t.String({ format: "date-time" }),
  completed_at: nullable(t.String({ format: "date-time" })),
});
export type RenderJson = Static<typeof renderJson>;

export const styleJson = t.Object({
  phrase: t.String(),
  slug: t.String(),
  count: integer({ description: "Public renders in this style" }),
});
export type StyleJson = Static<typeof styleJson>;

export const searchPage = t.Object({
  query: t.String(),
  model: nullable(t.String()),
  sort: t.UnionEnum(SEARCH_SORTS),
  results: t.Array(renderJson),
  total: integer(),
  offset: integer(),
  limit: integer(),
  cursor: t.String({ description: "Pass back unchanged with any offset: the set stays the one this answer counted" }),
  next_offset: nullable(integer(), "null on the last page"),
  matched: t.Object(
    {
      styles: t.Array(t.Object({ slug: t.String(), phrase: t.String() })),
      prompts: t.Array(t.String()),
      models: t.Array(t.String()),
    },
    { description: "What the words matched, in rank order: style matches come first in the results" },
  ),
});
export type SearchPage = Static<typeof searchPage>;

export const stylesList = t.Object({ styles: t.Array(styleJson) });
export const defaultSet = t.Object({ results: t.Array(renderJson) });

const provenance = t.Object(
  {
    provider: t.String(),
    model_key: t.String(),
    model_label: t.String(),
    model_id: t.String({ description: "The provider's id for the model (OpenAI model name, Replicate owner/name)" }),
    model_version: nullable(t.String(), "The pinned version that ran"),
    effective_prompt: t.String({ description: "The prompt sent to the provider" }),
    size: t.String(),
    seed: nullable(integer()),
    strength: nullable(t.Number(), "Image-to-image only: how far the result may depart from the photo"),
    request_id: nullable(t.String(), "The provider's id for the call"),
    source_content_credentials: t.Optional(
      t.Boolean({ description: "The provider's image carried C2PA Content Credentials; the stored files do not (absent on older renders)" }),
    ),
    timings: t.Object({
      queued_at: t.String({ format: "date-time" }),
      started_at: t.String({ format: "date-time" }),
      completed_at: t.String({ format: "date-time" }),
      provider_ms: t.Number(),
      postprocess_ms: t.Number(),
    }),
  },
  { description: "How it was made; null until done" },
);

export const renderDetail = t.Composite([
  renderJson,
  t.Object({
    hidden_by_moderator: t.Boolean({ description: "Taken out of the public gallery by a moderator (only its owner still sees it)" }),
    model: t.Object({ key: t.String(), label: t.String(), retired: t.Boolean({ description: "No longer offered for new renders" }) }),
    provenance: t.Union([provenance, t.Null()]),
  }),
]);
