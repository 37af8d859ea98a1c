// The one setup plugin: decorates every feature with the data handle (src/db/data.ts), config and the response cache, and brings
// the cross-cutting route options: `api` (the route answers JSON), `bodyLimit` and `rateLimit`
// (`auth` comes with the auth plugin, which needs the session).
import { Elysia } from "elysia";
import type { Config } from "../config";
import type { Data } from "../db/data";
import { bodyLimitPlugin } from "./body-limit";
import { ANSWERS_JSON } from "./negotiate";
import { rateLimitPlugin, type RateLimiter } from "./rate-limit";
import type { ResponseCache } from "./response-cache";

export interface SetupDeps {
  config: Config;
  data: Data;
  cache: ResponseCache;
  limiter: RateLimiter;
}

export function setupPlugin(deps: SetupDeps) {
  return new Elysia({ name: "setup" })
    .decorate("config", deps.config)
    .decorate("data", deps.data)
    .decorate("cache", deps.cache)
    .macro({ api: { detail: ANSWERS_JSON } })
    .use(bodyLimitPlugin(deps.config))
    .use(rateLimitPlugin(deps.config, deps.limiter));
}
