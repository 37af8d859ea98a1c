// Request schemas for API keys: a name and one or more scopes (a JSON array, or repeated form checkboxes).
import { t } from "elysia";
import { HttpError } from "../../http/http-error";
import { SCOPES, type Scope } from "./keys";

export const KEY_NAME_MAX_LENGTH = 80;

export const createKeyBody = t.Object({
  name: t.String({ minLength: 1, maxLength: KEY_NAME_MAX_LENGTH, error: `name must be 1–${KEY_NAME_MAX_LENGTH} characters` }),
  scopes: t.Optional(
    t.Union([t.String({ maxLength: 20 }), t.Array(t.String({ maxLength: 20 }), { maxItems: 4 })], { error: 'scopes must be a list of "read" and "generate"' }),
  ),
});

/** The scopes asked for, checked: at least one, each `read` or `generate`. */
export function parseScopes(value: string | string[] | undefined): Scope[] {
  const asked = (Array.isArray(value) ? value : value ? [value] : []).map((scope) => scope.trim()).filter(Boolean);
  if (asked.length === 0) throw new HttpError(400, 'Choose at least one scope: "read" or "generate".');
  const unknown = asked.find((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown !== undefined) throw new HttpError(400, `Unknown scope "${unknown.slice(0, 20)}": scopes are "read" and "generate".`);
  return SCOPES.filter((scope) => asked.includes(scope));
}
