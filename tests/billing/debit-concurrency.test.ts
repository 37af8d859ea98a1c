// The paid debit (debitStep in a transaction body, as the studio and matrix runs take it) under contention:
// 20 paid attempts with credits for 5, from two processes sharing the database file.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client";
import { transaction } from "../../src/db/data";
import { creditBalance, debitStep, InsufficientCreditsError } from "../../src/features/billing/ledger";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

let t: TestApp;
const COST = 3;

beforeAll(() => {
  t = createTestApp();
});
afterAll(() => t.cleanup());

function userWithCredits(email: string, credits: number): number {
  const { id } = t.sqlite.query("INSERT INTO users (google_sub, email) VALUES (?, ?) RETURNING id").get(`dev:${email}`, email) as { id: number };
  t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, ?, 'purchase')").run(id, credits);
  return id;
}

describe("paid debits", () => {
  test("20 concurrent debits from two processes with credits for 5 → exactly 5 succeed", async () => {
    const userId = userWithCredits("race@example.com", 5 * COST);
    const startAt = Date.now() + 400;
    const workers = [0, 1].map(() =>
      Bun.spawn(["bun", join(import.meta.dir, "fixtures/debit-worker.ts"), t.config.dbPath, String(userId), "10", String(COST), String(startAt)], {
        stdout: "pipe",
        stderr: "pipe",
      }),
    );
    const results = await Promise.all(
      workers.map(async (worker) => {
        const [code, out, err] = await Promise.all([worker.exited, new Response(worker.stdout).text(), new Response(worker.stderr).text()]);
        expect(err).toBe("");
        expect(code).toBe(0);
        return JSON.parse(out) as { succeeded: number; refused: number; refusals: { balance: number; cost: number }[] };
      }),
    );
    expect(results.reduce((sum, r) => sum + r.succeeded, 0)).toBe(5);
    expect(results.reduce((sum, r) => sum + r.refused, 0)).toBe(15);
    for (const refusal of results.flatMap((r) => r.refusals)) expect(refusal).toEqual({ balance: 0, cost: COST });
    expect(await creditBalance(sqliteData(t.sqlite), userId)).toBe(0);
    expect(t.sqlite.query("SELECT count(*) AS n FROM credit_ledger WHERE user_id = ? AND delta = ?").get(userId, -COST)).toEqual({ n: 5 });
  }, 30_000);

  test("two connections to one file, interleaved: the balance never goes below zero", async () => {
    const userId = userWithCredits("two-handles@example.com", 5 * COST);
    const second = openDatabase(t.config.dbPath).sqlite;
    try {
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) {
        const data = sqliteData(i % 2 === 0 ? t.sqlite : second);
        try {
          await transaction(data, (tx) => debitStep(tx, data.tables, { userId, cost: COST, reason: "render" }));
          outcomes.push("ok");
        } catch (error) {
          expect(error).toBeInstanceOf(InsufficientCreditsError);
          expect((error as InsufficientCreditsError).status).toBe(402);
          outcomes.push("refused");
        }
      }
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(5);
      expect(await creditBalance(sqliteData(second), userId)).toBe(0);
    } finally {
      second.close();
    }
  });
});
