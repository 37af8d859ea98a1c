// Request schemas for the studio: forms and JSON both accepted; lists may be arrays or newline-separated text.
import { t } from "elysia";

const list = (name: string) =>
  t.Union([t.String({ maxLength: 4000 }), t.Array(t.String({ maxLength: 400 }), { maxItems: 50 })], {
    error: `${name} must be a list of text (an array, or one item per line)`,
  });

export const applyStyleBody = t.Object({
  upload_id: t.String({ minLength: 1, maxLength: 64, error: "upload_id must name one of your uploads" }),
  style_phrase: t.String({ minLength: 1, maxLength: 120, error: "style_phrase must be 1–120 characters" }),
  model_keys: t.Optional(list("model_keys")),
  model_key: t.Optional(t.String({ maxLength: 64 })),
  strength: t.Optional(t.Numeric({ minimum: 0.1, maximum: 1, error: "strength must be a number from 0.1 to 1" })),
});

export const matrixBody = t.Object({
  base_prompts: list("base_prompts"),
  style_phrases: list("style_phrases"),
  model_keys: list("model_keys"),
  visibility: t.Optional(t.Union([t.Literal("public"), t.Literal("private")], { error: "visibility must be public or private" })),
});

/** Normalises a list field: an array as is, or text split on new lines (and commas for model keys). */
export function listItems(value: string | string[] | undefined, separator: RegExp = /\r?\n/): string[] {
  const items = Array.isArray(value) ? value : (value ?? "").split(separator);
  return items.map((item) => item.trim()).filter(Boolean);
}
