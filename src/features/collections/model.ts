// Request schemas and limits for collections: names are trimmed, one line, capped; bodies come from forms or JSON.
import { t } from "elysia";
import { HttpError } from "../../http/http-error";
import { textParam } from "../../http/params";

export const NAME_MAX_LENGTH = 80;
export const MAX_COLLECTIONS_PER_USER = 200;
export const MAX_ITEMS_PER_COLLECTION = 1000;
export const FAVOURITES_NAME = "Favourites";

export const VISIBILITIES = ["private", "public"] as const;
export type CollectionVisibility = (typeof VISIBILITIES)[number];

// Literals, not UnionEnum: Elysia fills a UnionEnum's first value in when the field is absent, and an absent
// visibility must leave the collection as it is.
const visibility = t.Union([t.Literal("private"), t.Literal("public")], { error: "visibility must be private or public" });
// Length is judged after trimming (cleanName); this only keeps absurd bodies out.
const name = t.String({ maxLength: 1000, error: `name must be text of 1–${NAME_MAX_LENGTH} characters` });
const renderId = t.String({ minLength: 1, maxLength: 64, error: "render_id must name a render" });

export const createBody = t.Object({ name, visibility: t.Optional(visibility), render_id: t.Optional(renderId) });
export const updateBody = t.Object({ name: t.Optional(name), visibility: t.Optional(visibility) });
export const itemBody = t.Object({ render_id: renderId });

export const collectionParams = t.Object({ id: textParam("id", 64) });
export const itemParams = t.Object({ id: textParam("id", 64), renderId: textParam("renderId", 64) });
export const renderParams = t.Object({ renderId: textParam("renderId", 64) });

/** A collection name as it is kept: one line (runs of white space become one space), trimmed, 1–80 characters. */
export function cleanName(raw: string): string {
  const cleaned = raw.replace(/\s+/g, " ").trim();
  if (!cleaned) throw new HttpError(400, "Give the collection a name.");
  if (cleaned.length > NAME_MAX_LENGTH) throw new HttpError(400, `A collection name is at most ${NAME_MAX_LENGTH} characters.`);
  return cleaned;
}

/** Render ids from a comma-separated query value (the heart state of the tiles on one page). */
export function renderIdList(value: string | undefined): string[] {
  return [...new Set((value ?? "").split(",").map((id) => id.trim()).filter(Boolean))].slice(0, 200);
}
