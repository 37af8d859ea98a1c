// Request schemas for the studio: forms and JSON both accepted; lists may be arrays or newline-separated text.
import { t } from "elysia";
import { STYLE_PHRASE_MAX_LENGTH } from "../../domain/style-phrase";
import { HttpError } from "../../http/http-error";
import { WEBHOOK_URL_MAX_LENGTH } from "../webhooks/target";

const list = (name: string) =>
  t.Union([t.String({ maxLength: 4000 }), t.Array(t.String({ maxLength: 400 }), { maxItems: 50 })], {
    error: `${name} must be a list of text (an array, or one item per line)`,
  });

const webhookUrl = t.String({ maxLength: WEBHOOK_URL_MAX_LENGTH, error: `webhook_url must be a URL of at most ${WEBHOOK_URL_MAX_LENGTH} characters` });

export const applyStyleBody = t.Object({
  upload_id: t.String({ minLength: 1, maxLength: 64, error: "upload_id must name one of your uploads" }),
  style_phrase: t.String({ minLength: 1, maxLength: STYLE_PHRASE_MAX_LENGTH, error: `style_phrase must be 1–${STYLE_PHRASE_MAX_LENGTH} characters` }),
  model_keys: t.Optional(list("model_keys")),
  model_key: t.Optional(t.String({ maxLength: 64 })),
  strength: t.Optional(t.Numeric({ minimum: 0.1, maximum: 1, error: "strength must be a number from 0.1 to 1" })),
  webhook_url: t.Optional(webhookUrl),
});

export const matrixBody = t.Object({
  base_prompts: list("base_prompts"),
  style_phrases: list("style_phrases"),
  model_keys: list("model_keys"),
  visibility: t.Optional(t.Union([t.Literal("public"), t.Literal("private")], { error: "visibility must be public or private" })),
  webhook_url: t.Optional(webhookUrl),
});

/**
 * Normalises a list field: an array as is, or text split on new lines (and commas for model keys); with
 * `maxLength`, an item longer than that is a 400 naming the field, whichever way the list was sent.
 */
export function listItems(
  value: string | string[] | undefined,
  { separator = /\r?\n/, name = "list", maxLength }: { separator?: RegExp; name?: string; maxLength?: number } = {},
): string[] {
  const items = (Array.isArray(value) ? value : (value ?? "").split(separator)).map((item) => item.trim()).filter(Boolean);
  if (maxLength !== undefined && items.some((item) => item.length > maxLength)) {
    throw new HttpError(400, `Each of ${name} must be at most ${maxLength} characters.`);
  }
  return items;
}
