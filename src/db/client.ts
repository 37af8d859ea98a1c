// Opens the SQLite file with the pragmas every connection needs, and the Drizzle handle over it.
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import * as schema from "./schema";

export function openDatabase(path: string) {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  return { sqlite, db };
}

export type Database_ = ReturnType<typeof openDatabase>;
export type Db = Database_["db"];

/**
 * Runs `work` in one BEGIN IMMEDIATE transaction: the write lock is taken up front, so a read-then-write
 * cannot interleave with another writer. `work` must be synchronous — an await inside would commit early.
 */
export function immediate<T>(sqlite: Database, work: () => T): T {
  return sqlite.transaction(work).immediate();
}
