// Query and path parameter schemas with messages a client can act on ("limit must be …"), not validator dumps.
import { t } from "elysia";

export function integerParam(name: string, minimum: number, maximum: number, description?: string) {
  return t.Integer({ minimum, maximum, description, error: `${name} must be a whole number from ${minimum} to ${maximum}` });
}

export function textParam(name: string, maxLength: number, description?: string) {
  return t.String({ maxLength, description, error: `${name} must be given, as text of at most ${maxLength} characters` });
}
