// Transition bridge: a transaction body's steps run synchronously on bun:sqlite inside a transaction the caller
// already holds (the queue's and the studio's `immediate(...)` blocks, until they run bodies through transaction()),
// or in one of their own. Remove once nothing calls it.
import type { Database } from "bun:sqlite";
import type { SQL } from "drizzle-orm";
import { drizzleFor } from "./client";
import { sqliteData } from "./data";
import type { Tables, Tx } from "./data";

type Steps<T> = Generator<unknown, T, unknown>;

export function runStepsInline<T>(sqlite: Database, body: (tx: Tx, tables: Tables) => Steps<T>): T {
  // Called on its own (a script, a test), the steps get their own transaction.
  if (!sqlite.inTransaction) return sqlite.transaction(() => runStepsInline(sqlite, body)).immediate();
  const data = sqliteData(sqlite);
  const steps = body(data.db, data.tables);
  let step = steps.next();
  while (!step.done) step = steps.next(runOne(sqlite, step.value));
  return step.value;
}

/** The same for steps that only read (an event-stream poll, a cached page's builder): run at once, no write lock. */
export function readStepsInline<T>(sqlite: Database, body: (tx: Tx, tables: Tables) => Steps<T>): T {
  const data = sqliteData(sqlite);
  const steps = body(data.db, data.tables);
  let step = steps.next();
  while (!step.done) step = steps.next(runOne(sqlite, step.value));
  return step.value;
}

function runOne(sqlite: Database, statement: unknown): unknown {
  const query = statement as { prepare?: () => { execute(): { sync(): unknown } }; query?: SQL };
  if (typeof query.prepare === "function") return query.prepare().execute().sync();
  return drizzleFor(sqlite).all(query.query!); // a raw statement from runRows()
}
