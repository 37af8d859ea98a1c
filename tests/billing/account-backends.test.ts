// What people and admins read of money, on both databases: the account's history (a run's refunds as one line),
// purchases, an admin's adjustment (never below zero, always audited), user search, the ledger metrics; and the
// outgoing webhooks a settled render queues and the sweeper delivers, signed, once.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { loadConfig } from "../../src/config";
import { transaction, type Data } from "../../src/db/data";
import { adjustUserCredits, findUsers, userMoney } from "../../src/features/admin/money";
import { ledgerHistory, purchaseHistory } from "../../src/features/billing/account";
import { recordPendingPayment } from "../../src/features/billing/payments";
import { metricsText } from "../../src/features/system/metrics";
import { deliverDueWebhooks, listDeliveries } from "../../src/features/webhooks/deliveries";
import { subscribeWebhook, webhookSettlementStep } from "../../src/features/webhooks/events";
import { signingSecretFor } from "../../src/features/webhooks/signing";
import { forEachBackend } from "../helpers/backends";

const config = loadConfig({ NODE_ENV: "test" });

let received: { body: string; signature: string | null }[] = [];
let receiver: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  receiver = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      received.push({ body: await request.text(), signature: request.headers.get("x-gallery-signature") });
      return new Response("thanks");
    },
  });
});
afterAll(() => receiver.stop(true));

let people = 0;
async function newUser(data: Data, email = `person-${++people}@example.com`): Promise<number> {
  const { users } = data.tables;
  const [user] = await data.db.insert(users).values({ googleSub: `acct-${email}`, email }).returning({ id: users.id });
  return user!.id;
}

async function ledger(data: Data, userId: number, rows: { delta: number; reason: string; matrixRunId?: string; renderId?: string }[]) {
  await data.db.insert(data.tables.creditLedger).values(rows.map((row) => ({ userId, ...row })));
}

forEachBackend("money reads, admin adjustments and outgoing webhooks", (backend) => {
  test("the history shows a run's cell refunds as one line with their count and sum, newest first", async () => {
    const userId = await newUser(backend.data);
    await ledger(backend.data, userId, [
      { delta: 20, reason: "test_grant" },
      { delta: -6, reason: "matrix_run", matrixRunId: "run-a" },
      { delta: 1, reason: "render_refund", matrixRunId: "run-a", renderId: "cell-1" },
      { delta: 2, reason: "render_refund", matrixRunId: "run-a", renderId: "cell-2" },
      { delta: -3, reason: "apply_style", renderId: "solo" },
      { delta: 3, reason: "render_refund", renderId: "solo" },
    ]);
    const lines = await ledgerHistory(backend.data, userId);
    expect(lines.map(({ delta, reason, cells, matrix_run_id }) => ({ delta, reason, cells, matrix_run_id }))).toEqual([
      { delta: 3, reason: "render_refund", cells: 1, matrix_run_id: null },
      { delta: -3, reason: "apply_style", cells: 1, matrix_run_id: null },
      { delta: 3, reason: "render_refund", cells: 2, matrix_run_id: "run-a" },
      { delta: -6, reason: "matrix_run", cells: 1, matrix_run_id: "run-a" },
      { delta: 20, reason: "test_grant", cells: 1, matrix_run_id: null },
    ]);
    expect(typeof lines[0]!.created_at).toBe("number");
  });

  test("purchases leave out checkouts opened and abandoned", async () => {
    const userId = await newUser(backend.data);
    const { payments } = backend.data.tables;
    await recordPendingPayment(backend.data, { id: "cs_abandoned", userId, product: "credits_100", kind: "credits", amountCents: 2500, credits: 100 });
    await recordPendingPayment(backend.data, { id: "cs_paid", userId, product: "library", kind: "library", amountCents: 5000, credits: 0 });
    await backend.data.db.update(payments).set({ status: "paid", paymentIntentId: "pi_1" }).where(eq(payments.id, "cs_paid"));
    expect((await purchaseHistory(backend.data, userId)).map((purchase) => [purchase.id, purchase.status])).toEqual([["cs_paid", "paid"]]);
    expect((await userMoney(backend.data, config, userId))?.summary).toEqual({ credits: 0, lifetime_spend_cents: 5000, unlocked: false, library_access: true });
  });

  test("an admin adjustment is one ledger row and one audit row; one that would go below zero is refused with nothing written", async () => {
    const adminId = await newUser(backend.data, "boss@example.com");
    const userId = await newUser(backend.data, "Customer.One@Example.com");
    expect(await adjustUserCredits(backend.data, adminId, userId, 7, "goodwill")).toBe(7);
    const refused = await adjustUserCredits(backend.data, adminId, userId, -8, "too much").catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 409, details: { balance: 7 } });
    expect(await adjustUserCredits(backend.data, adminId, 999_999, 1, "nobody").catch((error: unknown) => error)).toMatchObject({ status: 404 });
    expect(await adjustUserCredits(backend.data, adminId, userId, -7, "back to zero")).toBe(0);
    const { adminActions } = backend.data.tables;
    const audit = await backend.data.db.select({ reason: adminActions.reason }).from(adminActions).where(eq(adminActions.targetId, String(userId))).orderBy(adminActions.id);
    expect(audit).toEqual([{ reason: "+7: goodwill" }, { reason: "-7: back to zero" }]);
    const money = await userMoney(backend.data, config, userId);
    expect(money?.ledger.map((line) => line.delta)).toEqual([-7, 7]);
    expect(money?.user).toMatchObject({ id: userId, email: "Customer.One@Example.com", is_admin: false });
  });

  test("user search matches any case and takes % and _ literally", async () => {
    const id = await newUser(backend.data, "Mixed_Case%Person@Example.com");
    await newUser(backend.data, "mixedXcaseperson@example.com");
    expect((await findUsers(backend.data, "mixed_case%person")).map((user) => user.id)).toEqual([id]);
    expect((await findUsers(backend.data, "MIXED_CASE")).map((user) => user.email)).toEqual(["Mixed_Case%Person@Example.com"]);
  });

  test("the metrics count credits sold through payments and given back for failed renders", async () => {
    const before = await metricsText(backend.data, { pending: 2, running: 1 });
    const sold = (text: string) => Number(/gallery_credits_sold_total (\d+)/.exec(text)![1]);
    const refunded = (text: string) => Number(/gallery_credits_refunded_total (\d+)/.exec(text)![1]);
    const userId = await newUser(backend.data);
    await recordPendingPayment(backend.data, { id: "cs_metrics", userId, product: "credits_500", kind: "credits", amountCents: 10_000, credits: 500 });
    await backend.data.db.insert(backend.data.tables.creditLedger).values({ userId, delta: 500, reason: "purchase", paymentId: "cs_metrics" });
    await ledger(backend.data, userId, [{ delta: 4, reason: "render_refund", renderId: "metrics-cell" }]);
    const after = await metricsText(backend.data, { pending: 2, running: 1 });
    expect(sold(after) - sold(before)).toBe(500);
    expect(refunded(after) - refunded(before)).toBe(4);
    expect(after).toContain("gallery_queue_pending 2");
  });

  test("a settled render queues its webhook once (latest subscription wins) and the sweeper delivers it signed", async () => {
    const userId = await newUser(backend.data);
    const { renders } = backend.data.tables;
    const renderId = `hooked-${backend.name}`;
    await backend.data.db.insert(renders).values({
      id: renderId,
      userId,
      stylePhrase: "linocut",
      styleSlug: "linocut",
      modelKey: "local:paint",
      basePrompt: "a heron",
      effectivePrompt: "a heron, linocut",
      status: "done",
      completedAt: Date.now(),
    });
    await subscribeWebhook(backend.data, userId, "render", [renderId], "http://127.0.0.1:9/old");
    await subscribeWebhook(backend.data, userId, "render", [renderId], `http://127.0.0.1:${receiver.port}/hook`);
    const step = webhookSettlementStep(config);
    const settled = { id: renderId, userId, matrixRunId: null, outcome: "done" as const };
    // A settlement replayed (a retried transaction, a second worker) queues nothing more.
    await transaction(backend.data, (tx) => step(tx, backend.data.tables, settled));
    await transaction(backend.data, (tx) => step(tx, backend.data.tables, settled));
    expect((await listDeliveries(backend.data, userId, "render", renderId)).map(({ type, state, url }) => ({ type, state, url }))).toEqual([
      { type: "render.completed", state: "pending", url: `http://127.0.0.1:${receiver.port}/hook` },
    ]);

    received = [];
    expect(await deliverDueWebhooks(backend.data, config)).toBe(1);
    expect(await deliverDueWebhooks(backend.data, config)).toBe(0);
    expect(received).toHaveLength(1);
    const [{ body, signature }] = received as [{ body: string; signature: string }];
    expect(JSON.parse(body)).toMatchObject({ type: "render.completed", data: { id: renderId, status: "done", base_prompt: "a heron" } });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(signature)!;
    const secret = await signingSecretFor(backend.data, userId);
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
    expect(await listDeliveries(backend.data, userId, "render", renderId)).toMatchObject([{ state: "delivered", attempts: 1, last_status: 200, last_response: "thanks" }]);
  });
});
