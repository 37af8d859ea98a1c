// A bridge while the data layer is ported (issue 14): code already on the handle calls into code still written for
// bun:sqlite through this, and says what it needed, so a PostgreSQL handle fails with a message instead of a crash.
import type { Database } from "bun:sqlite";
import type { Data } from "./data";

export function sqliteOnly(data: Data, what: string): Database {
  if (data.dialect !== "sqlite") throw new Error(`${what} is not ported to PostgreSQL yet`);
  return data.sqlite;
}
