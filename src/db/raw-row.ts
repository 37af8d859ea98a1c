// Row types for raw SQL read through bun:sqlite's query<Row, Params>. A raw statement returns what SQLite
// stores under each SQL column name (snake_case), not Drizzle's mapped value: so a column the schema maps
// (boolean, JSON, timestamp) is typed as its stored value, a blob as the Uint8Array bun:sqlite returns, and
// every other column keeps the schema's type.
import type { Column, Table } from "drizzle-orm";

type Columns<T extends Table> = T["_"]["columns"];

type Value<C extends Column> = C["_"]["data"] extends C["_"]["driverParam"] ? C["_"]["data"] : C["_"]["driverParam"];

type Stored<C extends Column> = (Value<C> extends Buffer ? Uint8Array : Value<C>) extends infer V
  ? C["_"]["notNull"] extends true
    ? V
    : V | null
  : never;

/** The row of `SELECT <names> FROM <table>`: each named column as SQLite returns it, typed from the schema. */
export type RawRow<T extends Table, Names extends string> = {
  [K in keyof Columns<T> as Extract<Columns<T>[K]["_"]["name"], Names>]: Stored<Columns<T>[K]>;
};
