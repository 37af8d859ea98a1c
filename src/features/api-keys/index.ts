// API key management (signed in with a session; a key cannot mint or revoke keys): create (shown once), list, revoke.
import { Elysia, t } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import { htmlPages } from "../../http/html";
import { isFormPost, seeOther } from "../../http/negotiate";
import { BODY_ERRORS, jsonAnswers } from "../../http/responses";
import { textParam } from "../../http/params";
import type { setupPlugin } from "../../http/setup";
import { authPlugin } from "../auth/plugin";
import { createApiKey, listApiKeys, revokeApiKey } from "./keys";
import { createKeyBody, parseScopes } from "./model";
import { createdKey, keyList, keyRevoked } from "./responses";
import { renderNewKeyPage } from "./views";

const MAX_KEYS_PER_USER = 25;
const PRIVATE = { "cache-control": "private, no-store" };

export function apiKeysFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "api-keys" })
    .use(authPlugin(setup, config))
    .use(htmlPages)
    .post(
      "/api-keys",
      async ({ request, user, data, body, set, privatePage }) => {
        const scopes = parseScopes(body.scopes);
        const name = body.name.trim();
        if (!name) throw new HttpError(400, "Give the key a name.");
        if ((await listApiKeys(data, user.id)).length >= MAX_KEYS_PER_USER) {
          throw new HttpError(400, `You have ${MAX_KEYS_PER_USER} keys already: revoke one first.`);
        }
        const { key, listing } = await createApiKey(data, user.id, name, scopes);
        if (isFormPost(request)) {
          return privatePage(renderNewKeyPage({ name, key, scopes }));
        }
        set.status = 201;
        Object.assign(set.headers, PRIVATE);
        return { ...listing, key };
      },
      {
        auth: "api",
        rateLimit: "auth",
        bodyLimit: "json",
        body: createKeyBody,
        response: jsonAnswers({ 201: createdKey }, [...BODY_ERRORS, 401, 429]),
        detail: { summary: "Creates an API key with scopes read and/or generate; the key is in this answer only" },
      },
    )
    .get(
      "/api-keys",
      async ({ user, data, set }) => {
        Object.assign(set.headers, PRIVATE);
        return { keys: await listApiKeys(data, user.id) };
      },
      { auth: "api", response: jsonAnswers({ 200: keyList }, [401]), detail: { summary: "Your live API keys: name, scopes, created, last used (never the key)" } },
    )
    .delete(
      "/api-keys/:id",
      async ({ user, data, params }) => {
        if (!(await revokeApiKey(data, user.id, params.id))) throw new HttpError(404, "No such API key.");
        return { revoked: true as const, id: params.id };
      },
      {
        auth: "api",
        bodyLimit: "json",
        params: t.Object({ id: textParam("id", 64) }),
        response: jsonAnswers({ 200: keyRevoked }, [...BODY_ERRORS, 401, 404]),
        detail: { summary: "Revokes an API key at once" },
      },
    )
    .post(
      "/api-keys/:id/revoke",
      async ({ request, user, data, params }) => {
        if (!(await revokeApiKey(data, user.id, params.id))) throw new HttpError(404, "No such API key.");
        return isFormPost(request) ? seeOther("/account#api-keys") : { revoked: true as const, id: params.id };
      },
      {
        auth: "api",
        bodyLimit: "json",
        params: t.Object({ id: textParam("id", 64) }),
        response: jsonAnswers({ 200: keyRevoked }, [...BODY_ERRORS, 401, 404]),
        detail: { summary: "Revokes an API key (the form on /account)" },
      },
    );
}
