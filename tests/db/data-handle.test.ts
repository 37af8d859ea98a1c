// The one data handle on both databases: the same query and the same transaction body give the same results on
// bun:sqlite and on a real PostgreSQL, a failing body leaves nothing behind, and read-then-write bodies racing each
// other act as if they ran one after the other.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { count, eq, like, sql } from "drizzle-orm";
import { openDatabase } from "../../src/db/client";
import { postgresData, rows, run, sqliteData, transaction, type Data } from "../../src/db/data";
import { migrateDatabase } from "../../src/db/migrate";
import { openPostgres, type Postgres } from "../../src/db/pg-client";
import { migratePostgres } from "../../src/db/pg-migrate";
import { skipWithoutPostgres, startPostgres, type TestPostgres } from "../helpers/postgres";

function addUserOnce(data: Data, prefix: string, sub: string) {
  const { users } = data.tables;
  return transaction(data, function* (tx) {
    const [existing] = yield* run(tx.select({ n: count() }).from(users).where(like(users.googleSub, `${prefix}%`)));
    if (existing!.n > 0) return false;
    yield* run(tx.insert(users).values({ googleSub: sub, email: `${sub}@example.com` }));
    return true;
  });
}

function behavesTheSame(open: () => Promise<{ data: Data; close(): Promise<void> | void }>) {
  let data: Data;
  let close: () => Promise<void> | void;

  beforeAll(async () => {
    ({ data, close } = await open());
  });
  afterAll(() => close?.());

  test("a body's statements commit together and its value comes back", async () => {
    const { users } = data.tables;
    const id = await transaction(data, function* (tx) {
      const [user] = yield* run(tx.insert(users).values({ googleSub: "commit-1", email: "a@example.com" }).returning({ id: users.id }));
      yield* run(tx.update(users).set({ name: "Ada" }).where(eq(users.id, user!.id)));
      return user!.id;
    });
    const [stored] = await data.db.select({ name: users.name, isAdmin: users.isAdmin }).from(users).where(eq(users.id, id));
    expect(stored).toEqual({ name: "Ada", isAdmin: false });
  });

  test("a body that fails part-way leaves nothing written", async () => {
    const { users } = data.tables;
    const attempt = transaction(data, function* (tx) {
      yield* run(tx.insert(users).values({ googleSub: "rolled-back", email: "b@example.com" }));
      yield* run(tx.insert(users).values({ googleSub: "commit-1", email: "duplicate@example.com" }));
      return "unreachable";
    });
    await expect(attempt).rejects.toThrow();
    expect(await data.db.select().from(users).where(eq(users.googleSub, "rolled-back"))).toEqual([]);
  });

  test("read-then-write bodies racing each other act one after the other", async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => addUserOnce(data, "race-", `race-${i}`)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const { users } = data.tables;
    const [{ n }] = (await data.db.select({ n: count() }).from(users).where(like(users.googleSub, "race-%"))) as [{ n: number }];
    expect(n).toBe(1);
  });

  test("raw rows keep quoted camelCase aliases and numbers as numbers", async () => {
    const found = await rows<{ googleSub: string; total: number }>(
      data,
      sql`SELECT google_sub AS "googleSub", CAST(count(*) OVER () AS integer) AS "total" FROM users WHERE google_sub = ${"commit-1"}`,
    );
    expect(found).toEqual([{ googleSub: "commit-1", total: 1 }]);
  });
}

describe("the data handle on bun:sqlite", () => {
  behavesTheSame(async () => {
    const { sqlite, db } = openDatabase(":memory:");
    migrateDatabase(db);
    return { data: sqliteData(sqlite), close: () => sqlite.close() };
  });
});

describe.skipIf(skipWithoutPostgres())("the data handle on PostgreSQL", () => {
  let cluster: TestPostgres;
  let pg: Postgres;
  behavesTheSame(async () => {
    cluster = await startPostgres();
    pg = openPostgres(await cluster.createDatabase("gallery_data_handle"), { max: 8 });
    await migratePostgres(pg);
    return {
      data: postgresData(pg),
      close: async () => {
        await pg.close();
        cluster.stop();
      },
    };
  });
});
