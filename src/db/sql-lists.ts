// A list of values bound as one parameter, so one compiled statement serves lists of every length (the builder's
// inArray compiles one per length): json_each over a JSON array on SQLite, an array with = ANY on PostgreSQL.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Data } from "./data";

type Dialect = Pick<Data, "dialect">;

/** `column IN (values)`. */
export function inList(data: Dialect, column: SQLWrapper, values: readonly (string | number)[]): SQL {
  if (data.dialect === "sqlite") return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
  return sql`${column} = ANY(${sql.param([...values])})`;
}

/** `column NOT IN (values)` (true for every row when the list is empty). */
export function notInList(data: Dialect, column: SQLWrapper, values: readonly (string | number)[]): SQL {
  if (data.dialect === "sqlite") return sql`${column} NOT IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
  return sql`${column} <> ALL(${sql.param([...values])})`;
}
