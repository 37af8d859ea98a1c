// Read-then-write work in one transaction, written once for both databases.
//
// A body is a generator: it yields each statement (`yield* run(tx.select()…)`) and gets its result back. On
// bun:sqlite the statements run synchronously inside BEGIN IMMEDIATE, so no other request's statement can slip in
// between (an async body would commit at its first await; see CONVENTIONS "bun:sqlite transactions"). On PostgreSQL
// they are awaited inside a SERIALIZABLE transaction, which a conflicting writer aborts with a serialization failure;
// the whole body then runs again, which is why a body touches nothing but the database.
//
// A failed statement ends the transaction on both (PostgreSQL cannot go on after one): the error leaves the body
// uncaught and everything rolls back. Expected conflicts are written as onConflictDoNothing()/returning() instead.
import type { Database } from "bun:sqlite";
import { sql, type SQL } from "drizzle-orm";
import { sqliteRows, type Data } from "./data";
import type { PgDb } from "./pg-client";

/** What a body receives: the query builder, bound to the transaction. */
export type Tx = Pick<PgDb, "select" | "selectDistinct" | "insert" | "update" | "delete" | "execute">;

/** A statement a body hands to the driver: a query builder, or a raw statement whose rows it wants. */
type Statement = PromiseLike<unknown> | RawRows;

class RawRows {
  constructor(readonly query: SQL) {}
}

export type TxBody<T> = (tx: Tx) => Generator<Statement, T, unknown>;

/** Runs a built query inside a body: `const found = yield* run(tx.select()…)`. */
export function* run<T>(query: PromiseLike<T>): Generator<Statement, T, unknown> {
  // The driver hands back exactly what awaiting `query` resolves to, so the result has query's type.
  return (yield query) as T;
}

/** Rows of a raw statement inside a body: `yield* runRows<Row>(sql\`…\`)`. */
export function* runRows<T>(query: SQL): Generator<Statement, T[], unknown> {
  return (yield new RawRows(query)) as T[];
}

const RETRYABLE = new Set(["40001", "40P01"]); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 8;

export interface TransactionOptions {
  /**
   * A body that only reads and wants one consistent view (a count and the page it sizes): a plain (deferred)
   * transaction on SQLite, taking no write lock; REPEATABLE READ, READ ONLY on PostgreSQL, which never fails
   * to serialize.
   */
  readOnly?: boolean;
  /**
   * PostgreSQL plans each statement of the body for its own values (bun:sqlite always does). Bun.SQL prepares a
   * statement once per connection, and after five runs PostgreSQL may keep one generic plan: for search's page read
   * (`style_slug = ANY($2)`, a list of unknown length) that plan walks every published render and filters, 6.4 ms at
   * 10k renders against 0.6 ms planned, growing with the gallery. Not the default: replanning made the queue's
   * claim and complete a third slower (6.2 → 8.5 ms a job).
   */
  planEachRun?: boolean;
}

export async function transaction<T>(data: Data, body: TxBody<T>, options: TransactionOptions = {}): Promise<T> {
  if (data.dialect === "sqlite") return runOnSqlite(data.sqlite, data.db, body, options.readOnly === true);
  const runBody = async (tx: Tx) => {
    if (options.planEachRun) await tx.execute(sql`SET LOCAL plan_cache_mode = force_custom_plan`);
    return drive(tx, body(tx));
  };
  if (options.readOnly) return data.db.transaction(runBody, { isolationLevel: "repeatable read", accessMode: "read only" });
  for (let attempt = 1; ; attempt++) {
    try {
      return await data.db.transaction(runBody, { isolationLevel: "serializable" });
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(sqlState(error) ?? "")) throw error;
      await Bun.sleep(Math.random() * 5 * attempt);
    }
  }
}

function runOnSqlite<T>(sqlite: Database, db: PgDb, body: TxBody<T>, readOnly: boolean): T {
  const work = sqlite.transaction(() => runStepsNow(sqlite, db, body));
  return readOnly ? work.deferred() : work.immediate();
}

/** A body's statements run synchronously on bun:sqlite, in whatever transaction the caller holds (tests' fixtures). */
export function runStepsNow<T>(sqlite: Database, db: PgDb, body: TxBody<T>): T {
  const steps = body(db);
  let step = steps.next();
  while (!step.done) step = steps.next(runSync(sqlite, step.value));
  return step.value;
}

/** bun:sqlite runs a prepared Drizzle query synchronously; `.sync()` hands back what awaiting it would. */
function runSync(sqlite: Database, statement: Statement): unknown {
  if (statement instanceof RawRows) return sqliteRows(sqlite, statement.query);
  const query = statement as unknown as { prepare(): { execute(): { sync(): unknown } } };
  return query.prepare().execute().sync();
}

async function drive<T>(tx: Tx, steps: Generator<Statement, T, unknown>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    const statement = step.value;
    step = steps.next(statement instanceof RawRows ? Array.from(await tx.execute(statement.query)) : await statement);
  }
  return step.value;
}

/** PostgreSQL's SQLSTATE of an error, looking through Drizzle's wrapper. */
function sqlState(error: unknown): string | undefined {
  for (let current = error; current && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    const code = (current as { errno?: unknown; code?: unknown }).errno ?? (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
