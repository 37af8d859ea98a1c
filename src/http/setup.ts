// The one setup plugin: decorates every feature with the database, config and the response cache.
import type { Database } from "bun:sqlite";
import { Elysia } from "elysia";
import type { Config } from "../config";
import type { Db } from "../db/client";
import type { ResponseCache } from "./response-cache";

export interface SetupDeps {
  config: Config;
  sqlite: Database;
  db: Db;
  cache: ResponseCache;
}

export function setupPlugin(deps: SetupDeps) {
  return new Elysia({ name: "setup" })
    .decorate("config", deps.config)
    .decorate("sqlite", deps.sqlite)
    .decorate("db", deps.db)
    .decorate("cache", deps.cache);
}
