// Moves a gallery from its SQLite file onto an empty, migrated PostgreSQL database: every table, row for row, in one
// transaction, so a failed copy leaves the target as empty as it was. Rows go through Drizzle on both sides, so each
// value is read as SQLite stores it and written as PostgreSQL stores it (flags to booleans, JSON to jsonb, blobs to
// bytea). The triggers that keep the gallery's positions, catalogues and version are paused during the copy: the rows
// they would derive are copied as they are.
import type { Database } from "bun:sqlite";
import { getTableColumns, getTableName, sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/sqlite-core";
import { drizzleFor } from "../db/client";
import type { Postgres } from "../db/pg-client";
import * as pgTables from "../db/schema-pg";
import * as sqliteTables from "../db/schema";

/** Parents before children, so every foreign key finds its row. */
const COPY_ORDER = [
  "users",
  "sessions",
  "matrixRuns",
  "uploads",
  "renders",
  "styles",
  "prompts",
  "galleryState",
  "payments",
  "creditLedger",
  "stripeEvents",
  "renderReports",
  "adminActions",
  "renderFeatures",
  "styleMeasures",
  "collections",
  "collectionItems",
  "apiKeys",
  "webhookSecrets",
  "webhookTargets",
  "webhookDeliveries",
] as const satisfies readonly (keyof typeof pgTables & keyof typeof sqliteTables)[];

/** Rows per INSERT: the widest table has ~45 columns, well under PostgreSQL's 65,535 parameters a statement. */
const BATCH_ROWS = 1_000;

export class CopyRefused extends Error {}

export interface CopyReport {
  tables: { table: string; rows: number }[];
}

function sqliteTableKeys(): string[] {
  return Object.entries(sqliteTables)
    .filter(([, value]) => {
      try {
        return typeof getTableConfig(value as never).name === "string";
      } catch {
        return false;
      }
    })
    .map(([key]) => key);
}

export async function copySqliteToPostgres(
  sqlite: Database,
  { db: pgDb, client }: Postgres,
  onTable: (table: string, rows: number) => void = () => {},
): Promise<CopyReport> {
  const missing = sqliteTableKeys().filter((key) => !(COPY_ORDER as readonly string[]).includes(key));
  if (missing.length > 0) throw new Error(`copy-to-postgres does not know where to copy: ${missing.join(", ")}`);
  const [{ users, renders }] = (await client`SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM renders)::int AS renders`) as [
    { users: number; renders: number },
  ];
  if (users > 0 || renders > 0) {
    throw new CopyRefused(`the PostgreSQL database already holds ${users} users and ${renders} renders; copy into an empty, migrated database`);
  }

  const source = drizzleFor(sqlite);
  const report: CopyReport = { tables: [] };
  await pgDb.transaction(async (tx) => {
    const names = COPY_ORDER.map((key) => getTableName(pgTables[key]));
    for (const name of names) await tx.execute(sql.raw(`ALTER TABLE "${name}" DISABLE TRIGGER USER`));
    // The migrations seed the version row; the source's row replaces it.
    await tx.delete(pgTables.galleryState);
    for (const key of COPY_ORDER) {
      const name = getTableName(pgTables[key]);
      const table = sqliteTables[key];
      let copied = 0;
      // Keyset paging on rowid: OFFSET would re-walk every earlier row for each batch.
      for (let after = -Infinity; ; ) {
        const batch = source
          .select({ ...getTableColumns(table), rowid: sql<number>`rowid` })
          .from(table)
          .where(sql`rowid > ${after}`)
          .orderBy(sql`rowid`)
          .limit(BATCH_ROWS)
          .all();
        if (batch.length === 0) break;
        after = batch.at(-1)!.rowid;
        const rows = batch.map(({ rowid: _rowid, ...row }) => row);
        // Same table, same columns (tests/db/schema-parity.test.ts): the SQLite row is a valid PostgreSQL row.
        await tx.insert(pgTables[key]).values(rows as never);
        copied += rows.length;
      }
      report.tables.push({ table: name, rows: copied });
      onTable(name, copied);
    }
    for (const name of names) await tx.execute(sql.raw(`ALTER TABLE "${name}" ENABLE TRIGGER USER`));
    // Identity columns continue after the copied ids.
    const identities = (await tx.execute(
      sql`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`,
    )) as unknown as { table: string; column: string }[];
    for (const { table, column } of identities) {
      await tx.execute(
        sql.raw(`SELECT setval(pg_get_serial_sequence('"${table}"', '${column}'), coalesce((SELECT max("${column}") FROM "${table}"), 0) + 1, false)`),
      );
    }
  });
  return report;
}
