// Compiled SQLite statements kept per connection and SQL text. bun:sqlite compiles a statement on every
// prepare(), and Drizzle prepares every query it runs (about a fifth of a queue claim's time went there); the
// same text now compiles once. Database.query() would cache too, but keeps only 20.
import type { Database, Statement } from "bun:sqlite";

const STATEMENTS_KEPT = 500;
const compiled = new WeakMap<Database, Map<string, Statement>>();

/**
 * The compiled statement for `text` on `sqlite` (least recently used dropped first). A dropped statement is not
 * finalized here: a long-lived Drizzle prepared query may still hold it, and bun:sqlite finalizes it once unreachable.
 * Reusing one statement is safe because bun:sqlite runs each to completion synchronously (nothing here iterates).
 */
export function compiledStatement(sqlite: Database, text: string): Statement {
  let kept = compiled.get(sqlite);
  if (!kept) compiled.set(sqlite, (kept = new Map()));
  let statement = kept.get(text);
  if (statement) {
    kept.delete(text);
  } else {
    statement = sqlite.prepare(text);
    if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
  }
  kept.set(text, statement);
  return statement;
}

/** `sqlite` as Drizzle's client, with prepare() going through the kept statements. */
export function withCompiledStatements(sqlite: Database): Database {
  return new Proxy(sqlite, {
    get(target, key) {
      if (key === "prepare") return (text: string) => compiledStatement(target, text);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
