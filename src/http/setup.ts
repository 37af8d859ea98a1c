// The one setup plugin: decorates every feature with the database, config and the response cache, and brings
// the cross-cutting route options: `api` (the route answers JSON), `bodyLimit` and `rateLimit`
// (`auth` comes with the auth plugin, which needs the session).
import type { Database } from "bun:sqlite";
import { Elysia } from "elysia";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { sqliteData } from "../db/data";
import { bodyLimitPlugin } from "./body-limit";
import { ANSWERS_JSON } from "./negotiate";
import { rateLimitPlugin, type RateLimiter } from "./rate-limit";
import type { ResponseCache } from "./response-cache";

export interface SetupDeps {
  config: Config;
  sqlite: Database;
  db: Db;
  cache: ResponseCache;
  limiter: RateLimiter;
}

export function setupPlugin(deps: SetupDeps) {
  return new Elysia({ name: "setup" })
    .decorate("config", deps.config)
    .decorate("sqlite", deps.sqlite)
    .decorate("db", deps.db)
    // The data handle every query moves onto (src/db/data.ts); `sqlite` and `db` go once nothing reads them.
    .decorate("data", sqliteData(deps.sqlite))
    .decorate("cache", deps.cache)
    .macro({ api: { detail: ANSWERS_JSON } })
    .use(bodyLimitPlugin(deps.config))
    .use(rateLimitPlugin(deps.config, deps.limiter));
}
