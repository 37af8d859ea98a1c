// Opens the SQLite file with the pragmas every connection needs, and the Drizzle handle over it.
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { withCompiledStatements } from "./compiled-statements";
import * as schema from "./schema";

export function openDatabase(path: string) {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  return { sqlite, db: drizzleFor(sqlite) };
}

function createDrizzle(sqlite: Database) {
  return drizzle(withCompiledStatements(sqlite), { schema });
}

export type Db = ReturnType<typeof createDrizzle>;

const handles = new WeakMap<Database, Db>();
const statements = new WeakMap<Database, Map<unknown, unknown>>();

/**
 * The Drizzle handle over a connection: callers pass the connection they hold, and the repositories in
 * src/db/ reach the query builder through this (one handle per connection, made on first use).
 */
export function drizzleFor(sqlite: Database): Db {
  let db = handles.get(sqlite);
  if (!db) handles.set(sqlite, (db = createDrizzle(sqlite)));
  return db;
}

/**
 * A statement built once per connection by `build` (a module-level function, so its identity is the
 * cache key) and reused after: Drizzle's `.prepare()` compiles the SQL once instead of on every call.
 */
export function prepared<T>(sqlite: Database, build: (db: Db) => T): T {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let statement = cache.get(build) as T | undefined; // the cache holds exactly what `build` returned for this key
  if (statement === undefined) cache.set(build, (statement = build(drizzleFor(sqlite))));
  return statement;
}

/**
 * Runs `work` in one BEGIN IMMEDIATE transaction: the write lock is taken up front, so a read-then-write
 * cannot interleave with another writer. `work` must be synchronous — an await inside would commit early.
 */
export function immediate<T>(sqlite: Database, work: () => T): T {
  return sqlite.transaction(work).immediate();
}
