// The JSON bodies of API key management: a key's listing, a new key (its secret shown once), a revocation.
import { t, type Static } from "elysia";
import { integer } from "../../http/responses";
import { SCOPES } from "./keys";

export const apiKeyListing = t.Object({
  id: t.String(),
  name: t.String(),
  scopes: t.Array(t.UnionEnum(SCOPES)),
  prefix: t.String({ description: "The key's first characters, to tell keys apart" }),
  created_at: integer({ description: "Unix milliseconds" }),
  last_used_at: t.Union([integer(), t.Null()], { description: "Unix milliseconds, updated at most once a minute" }),
});
export type ApiKeyListing = Static<typeof apiKeyListing>;

export const createdKey = t.Composite([apiKeyListing, t.Object({ key: t.String({ description: "The key itself: shown in this answer only" }) })]);

export const keyList = t.Object({ keys: t.Array(apiKeyListing) });

export const keyRevoked = t.Object({ revoked: t.Literal(true), id: t.String() });
