// One handle over either database. The repositories and features write each query once, with Drizzle's query
// builder against `data.db` and `data.tables`, and await it: on bun:sqlite it runs synchronously under the await,
// on PostgreSQL it goes over the wire.
//
// Both sides are typed as PostgreSQL's Drizzle API. That API is async only, so a query written against it cannot
// lean on bun:sqlite's synchronous `.get()`/`.all()`/`.run()`, which PostgreSQL lacks; the builders the two share
// (select, insert … onConflict … returning, update, delete, sql``) behave the same, and tests/db/schema-parity.test.ts
// keeps the two schemas' tables and columns in step, which is what makes the one cast in sqliteData() hold.
import type { Database } from "bun:sqlite";
import { SQL, StringChunk } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { drizzleFor } from "./client";
import { compiledStatement } from "./compiled-statements";
import type { PgDb, Postgres } from "./pg-client";
import * as pgTables from "./schema-pg";
import * as sqliteTables from "./schema";

export type Tables = typeof pgTables;

interface DataBase {
  db: PgDb;
  tables: Tables;
}

export interface SqliteData extends DataBase {
  dialect: "sqlite";
  sqlite: Database;
}

export interface PostgresData extends DataBase {
  dialect: "postgres";
  pg: Postgres;
}

export type Data = SqliteData | PostgresData;

const sqliteHandles = new WeakMap<Database, SqliteData>();

/** The handle over a bun:sqlite connection (one per connection, made on first use). */
export function sqliteData(sqlite: Database): SqliteData {
  let data = sqliteHandles.get(sqlite);
  if (!data) {
    data = {
      dialect: "sqlite",
      sqlite,
      db: drizzleFor(sqlite) as unknown as PgDb,
      tables: sqliteTables as unknown as Tables,
    };
    sqliteHandles.set(sqlite, data);
  }
  return data;
}

export function postgresData(pg: Postgres): PostgresData {
  return { dialect: "postgres", pg, db: pg.db, tables: pgTables };
}

const statements = new WeakMap<Data, Map<unknown, unknown>>();

/**
 * A statement built once per handle by `build` (a module-level function, so its identity is the cache key) and
 * reused after; `build` ends in `.prepare("name")` and callers `await statement.execute({ …placeholders })`.
 */
export function prepared<T>(data: Data, build: (data: Data) => T): T {
  let cache = statements.get(data);
  if (!cache) statements.set(data, (cache = new Map()));
  let statement = cache.get(build) as T | undefined; // the cache holds exactly what `build` returned for this key
  if (statement === undefined) cache.set(build, (statement = build(data)));
  return statement;
}

const sqliteDialect = new SQLiteSyncDialect();

/**
 * A raw statement for bun:sqlite whose text (with `?` placeholders) and parameters are already final, so running it
 * skips Drizzle's SQL assembly (20–50 µs a statement, more than the read itself on the hot page and search reads).
 * Made by src/db/sql-text.ts for the SQLite handle only; PostgreSQL gets ordinary `sql` from there.
 */
export class SqliteText extends SQL {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[],
  ) {
    super([new StringChunk(text)]);
  }
}

/** Rows of a raw statement on bun:sqlite, compiled once per SQL text (Drizzle's all() compiles on every call: a one-row read 65 µs, not 18). */
export function sqliteRows<T>(sqlite: Database, query: SQL): T[] {
  const { text, params } = query instanceof SqliteText ? query : (({ sql, params }) => ({ text: sql, params }))(sqliteDialect.sqlToQuery(query));
  return compiledStatement(sqlite, text).all(...(params as never[])) as T[];
}

/** Rows of a raw statement (`sql\`…\``); camelCase aliases must be double-quoted, PostgreSQL folds bare ones. */
export async function rows<T>(data: Data, query: SQL): Promise<T[]> {
  if (data.dialect === "sqlite") return sqliteRows<T>(data.sqlite, query);
  return Array.from(await data.db.execute(query)) as T[];
}

export { transaction, run, runRows, type Tx, type TxBody } from "./transaction";
