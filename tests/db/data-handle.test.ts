// The one data handle on both databases: the same query and the same transaction body give the same results on
// bun:sqlite and on a real PostgreSQL, a failing body leaves nothing behind, and read-then-write bodies racing each
// other act as if they ran one after the other.
import { expect, test } from "bun:test";
import { count, eq, like, sql } from "drizzle-orm";
import { prepared, rows, run, transaction, type Data } from "../../src/db/data";
import { forEachBackend } from "../helpers/backends";

function addUserOnce(data: Data, prefix: string, sub: string) {
  const { users } = data.tables;
  return transaction(data, function* (tx) {
    const [existing] = yield* run(tx.select({ n: count() }).from(users).where(like(users.googleSub, `${prefix}%`)));
    if (existing!.n > 0) return false;
    yield* run(tx.insert(users).values({ googleSub: sub, email: `${sub}@example.com` }));
    return true;
  });
}

const userBySub = ({ db, tables: { users } }: Data) =>
  db.select({ name: users.name }).from(users).where(eq(users.googleSub, sql.placeholder("sub"))).prepare("user_by_sub");

forEachBackend("the data handle", (backend) => {
  test("a body's statements commit together and its value comes back", async () => {
    const { users } = backend.data.tables;
    const id = await transaction(backend.data, function* (tx) {
      const [user] = yield* run(tx.insert(users).values({ googleSub: "commit-1", email: "a@example.com" }).returning({ id: users.id }));
      yield* run(tx.update(users).set({ name: "Ada" }).where(eq(users.id, user!.id)));
      return user!.id;
    });
    const [stored] = await backend.data.db.select({ name: users.name, isAdmin: users.isAdmin }).from(users).where(eq(users.id, id));
    expect(stored).toEqual({ name: "Ada", isAdmin: false });
  });

  test("a body that fails part-way leaves nothing written", async () => {
    const { users } = backend.data.tables;
    const attempt = transaction(backend.data, function* (tx) {
      yield* run(tx.insert(users).values({ googleSub: "rolled-back", email: "b@example.com" }));
      yield* run(tx.insert(users).values({ googleSub: "commit-1", email: "duplicate@example.com" }));
      return "unreachable";
    });
    await expect(attempt).rejects.toThrow();
    expect(await backend.data.db.select().from(users).where(eq(users.googleSub, "rolled-back"))).toEqual([]);
  });

  test("read-then-write bodies racing each other act one after the other", async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => addUserOnce(backend.data, "race-", `race-${i}`)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const { users } = backend.data.tables;
    const [{ n }] = (await backend.data.db.select({ n: count() }).from(users).where(like(users.googleSub, "race-%"))) as [{ n: number }];
    expect(n).toBe(1);
  });

  test("a prepared statement is built once per handle and answers each call's placeholders", async () => {
    const first = prepared(backend.data, userBySub);
    expect(prepared(backend.data, userBySub)).toBe(first);
    expect(await first.execute({ sub: "commit-1" })).toEqual([{ name: "Ada" }]);
    expect(await first.execute({ sub: "nobody" })).toEqual([]);
  });

  test("raw rows keep quoted camelCase aliases and numbers as numbers", async () => {
    const found = await rows<{ googleSub: string; total: number }>(
      backend.data,
      sql`SELECT google_sub AS "googleSub", CAST(count(*) OVER () AS integer) AS "total" FROM users WHERE google_sub = ${"commit-1"}`,
    );
    expect(found).toEqual([{ googleSub: "commit-1", total: 1 }]);
  });
});
