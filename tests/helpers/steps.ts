// Fixtures that write the way the app does, with the app's own transaction steps (planMatrixRunStep, debitStep,
// refundStep…), synchronously on a bun:sqlite connection: inside a transaction the test already holds
// (`immediate(sqlite, () => …)`), or in one of their own.
import type { Database } from "bun:sqlite";
import { sqliteData, type Tables, type Tx } from "../../src/db/data";
import { runStepsNow } from "../../src/db/transaction";

type Steps<T> = Generator<unknown, T, unknown>;

export function runSteps<T>(sqlite: Database, body: (tx: Tx, tables: Tables) => Steps<T>): T {
  if (!sqlite.inTransaction) return sqlite.transaction(() => runSteps(sqlite, body)).immediate();
  const data = sqliteData(sqlite);
  return runStepsNow(sqlite, data.db, (tx) => body(tx, data.tables) as Generator<never, T, unknown>);
}
