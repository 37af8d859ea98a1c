// The SQLite and PostgreSQL schemas describe the same data: same tables under the same export names, same columns
// (name, TS key, meaning, nullability, keys, defaults, enums), indexes, checks and foreign keys. A change to one
// schema without the other fails here, naming what is missing.
import { describe, expect, test } from "bun:test";
import { getTableColumns, getTableName, is } from "drizzle-orm";
import { getTableConfig as pgTableConfig, integer as pgInteger, PgTable, pgTable, real as pgReal, text as pgText } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as sqliteSchema from "../../src/db/schema";
import * as pgSchema from "../../src/db/schema-pg";

type AnyTable = SQLiteTable | PgTable;

/** What a column means to the app, whichever database stores it. */
const KIND: Record<string, string> = {
  SQLiteInteger: "integer",
  PgInteger: "integer",
  PgBigInt53: "integer",
  SQLiteText: "text",
  PgText: "text",
  SQLiteBoolean: "boolean",
  PgBoolean: "boolean",
  SQLiteReal: "double",
  PgDoublePrecision: "double",
  SQLiteTextJson: "json",
  PgJsonb: "json",
  "PgCustomColumn jsonb": "json",
  SQLiteBlobBuffer: "bytes",
  "PgCustomColumn bytea": "bytes",
};

/** Custom column types (schema-pg's jsonb) are told apart by the SQL type they declare. */
function typeName(column: { columnType: string; getSQLType(): string }): string {
  return column.columnType === "PgCustomColumn" ? `PgCustomColumn ${column.getSQLType()}` : column.columnType;
}

function tablesOf(schema: Record<string, unknown>, kind: typeof SQLiteTable | typeof PgTable): Map<string, AnyTable> {
  const tables = new Map<string, AnyTable>();
  for (const [exportName, value] of Object.entries(schema)) {
    if (is(value, kind)) tables.set(`${exportName} (${getTableName(value as AnyTable)})`, value as AnyTable);
  }
  return tables;
}

/** One line per fact about a table, so a difference reads as the fact that one side lacks. */
function describeTable(table: AnyTable): string[] {
  const config = is(table, PgTable) ? pgTableConfig(table) : sqliteTableConfig(table as SQLiteTable);
  const facts: string[] = [];
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const traits = [
      KIND[typeName(column)] ?? `unmapped type ${typeName(column)}`,
      column.notNull ? "not null" : "nullable",
      column.primary ? "primary key" : "",
      column.isUnique ? `unique ${column.uniqueName}` : "",
      column.hasDefault ? "has default" : "",
      column.enumValues ? `enum ${column.enumValues.join("|")}` : "",
    ].filter(Boolean);
    facts.push(`column ${column.name} as ${key}: ${traits.join(", ")}`);
  }
  for (const index of config.indexes) {
    const columns = index.config.columns.map((column) => ("name" in column ? column.name : "(expression)"));
    facts.push(`${index.config.unique ? "unique index" : "index"} ${index.config.name} on ${columns.join(", ")}${index.config.where ? " (partial)" : ""}`);
  }
  for (const check of config.checks) facts.push(`check ${check.name}`);
  for (const foreignKey of config.foreignKeys) {
    const reference = foreignKey.reference();
    facts.push(
      `foreign key ${reference.columns.map((column) => column.name).join(", ")} -> ${getTableName(reference.foreignTable)}(${reference.foreignColumns.map((column) => column.name).join(", ")}) on delete ${foreignKey.onDelete ?? "no action"}`,
    );
  }
  return facts.sort();
}

/** The facts each side has that the other lacks. */
function differences(sqlite: AnyTable, pg: AnyTable) {
  const left = describeTable(sqlite);
  const right = describeTable(pg);
  return { onlyInSqlite: left.filter((fact) => !right.includes(fact)), onlyInPostgres: right.filter((fact) => !left.includes(fact)) };
}

const sqliteTables = tablesOf(sqliteSchema, SQLiteTable);
const pgTables = tablesOf(pgSchema, PgTable);

test("both schemas export the same tables under the same names", () => {
  expect(sqliteTables.size).toBeGreaterThanOrEqual(11);
  expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
});

describe("each table has the same columns, indexes, checks and foreign keys", () => {
  for (const [name, sqliteTable] of sqliteTables) {
    test(name, () => {
      const pgTable_ = pgTables.get(name);
      if (!pgTable_) throw new Error(`${name} is missing from src/db/schema-pg.ts`);
      expect(differences(sqliteTable, pgTable_)).toEqual({ onlyInSqlite: [], onlyInPostgres: [] });
    });
  }
});

test("the comparison notices a missing column, a changed meaning and a lost NOT NULL", () => {
  const drifted = pgTable("prompts", {
    id: pgInteger("id").primaryKey().generatedByDefaultAsIdentity(),
    text: pgText("text").unique(),
    publicCount: pgReal("public_count").notNull().default(0),
    extra: pgText("extra"),
  });
  const { onlyInSqlite, onlyInPostgres } = differences(sqliteSchema.prompts, drifted);
  expect(onlyInSqlite).toEqual([
    "column public_count as publicCount: integer, not null, has default",
    "column text as text: text, not null, unique prompts_text_unique",
  ]);
  expect(onlyInPostgres).toEqual([
    "column extra as extra: text, nullable",
    "column public_count as publicCount: unmapped type PgReal, not null, has default",
    "column text as text: text, nullable, unique prompts_text_unique",
  ]);
});
