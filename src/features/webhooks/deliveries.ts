// Sends queued webhook deliveries: signed POSTs, retried with exponential backoff for a day, each answer kept.
// A sweeper runs in each process that renders (ROLE=all's first process, each ROLE=worker); a delivery is claimed
// (pushed into the future) before it is sent, so sweepers in several processes never send it twice.
import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import type { RawRow } from "../../db/raw-row";
import type { webhookDeliveries } from "../../db/schema";
import { log } from "../../log";
import { signatureHeader, signingSecretFor, SIGNATURE_HEADER } from "./signing";
import { checkWebhookUrl } from "./target";

const BATCH = 20;
const SEND_TIMEOUT_MS = 10_000;
/** Long enough for any send to finish: a claimed delivery is not picked again before then. */
const CLAIM_MS = 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
export const GIVE_UP_AFTER_MS = 86_400_000;
const ANSWER_MAX_CHARS = 500;
const SWEEP_EVERY_MS = 2_000;

export type DeliveryListing = RawRow<
  typeof webhookDeliveries,
  "id" | "type" | "url" | "state" | "attempts" | "last_status" | "last_response" | "last_attempt_at" | "next_attempt_at" | "created_at"
>;

export async function listDeliveries(data: Data, userId: number, subjectKind: "render" | "matrix_run", subjectId: string): Promise<DeliveryListing[]> {
  const { webhookDeliveries: d } = data.tables;
  return data.db
    .select({
      id: d.id,
      type: d.type,
      url: d.url,
      state: d.state,
      attempts: d.attempts,
      last_status: d.lastStatus,
      last_response: d.lastResponse,
      last_attempt_at: d.lastAttemptAt,
      next_attempt_at: d.nextAttemptAt,
      created_at: d.createdAt,
    })
    .from(d)
    .where(and(eq(d.userId, userId), eq(d.subjectKind, subjectKind), eq(d.subjectId, subjectId)))
    .orderBy(asc(d.createdAt));
}

export function retryDelay(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

interface DueDelivery {
  id: string;
  userId: number;
  url: string;
  body: string;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
}

async function send(delivery: DueDelivery, data: Data, config: Config, now: number): Promise<{ status: number | null; answer: string }> {
  try {
    // Checked again at each attempt: the name may have been pointed somewhere internal since it was accepted.
    await checkWebhookUrl(delivery.url, config);
    const response = await fetch(delivery.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "AI-Gallery-Webhooks/1",
        [SIGNATURE_HEADER]: signatureHeader(await signingSecretFor(data, delivery.userId), delivery.body, Math.floor(now / 1000)),
      },
      body: delivery.body,
    });
    const text = (await response.text().catch(() => "")).slice(0, ANSWER_MAX_CHARS);
    return { status: response.status, answer: text };
  } catch (error) {
    return { status: null, answer: `Not delivered: ${(error as Error).message}`.slice(0, ANSWER_MAX_CHARS) };
  }
}

/** Sends every delivery due at `now` once; answers how many were delivered. */
export async function deliverDueWebhooks(data: Data, config: Config, now = Date.now()): Promise<number> {
  const { webhookDeliveries: d } = data.tables;
  const due = await data.db
    .select({ id: d.id, userId: d.userId, url: d.url, body: d.body, attempts: d.attempts, createdAt: d.createdAt, nextAttemptAt: d.nextAttemptAt })
    .from(d)
    .where(and(eq(d.state, "pending"), lte(d.nextAttemptAt, now)))
    .orderBy(asc(d.nextAttemptAt))
    .limit(BATCH);
  const claimed: DueDelivery[] = [];
  for (const delivery of due) {
    // Only the sweeper whose update still finds the time it read takes the delivery.
    const won = await data.db
      .update(d)
      .set({ nextAttemptAt: now + CLAIM_MS })
      .where(and(eq(d.id, delivery.id), eq(d.state, "pending"), eq(d.nextAttemptAt, delivery.nextAttemptAt)))
      .returning({ id: d.id });
    if (won.length === 1) claimed.push(delivery);
  }
  const results = await Promise.all(claimed.map(async (delivery) => ({ delivery, ...(await send(delivery, data, config, now)) })));
  let delivered = 0;
  for (const { delivery, status, answer } of results) {
    const attempts = delivery.attempts + 1;
    const ok = status !== null && status >= 200 && status < 300;
    const next = now + retryDelay(attempts);
    const state = ok ? "delivered" : next - delivery.createdAt > GIVE_UP_AFTER_MS ? "failed" : "pending";
    if (ok) delivered++;
    await data.db
      .update(d)
      .set({
        attempts: sql`${d.attempts} + 1`,
        lastStatus: status,
        lastResponse: answer,
        lastAttemptAt: now,
        state,
        nextAttemptAt: ok ? now : next,
        deliveredAt: ok ? now : null,
      })
      .where(eq(d.id, delivery.id));
  }
  return delivered;
}

/** Sweeps every couple of seconds; `stop()` waits for a sweep in progress. */
export function startWebhookSweeper(data: Data, config: Config): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = deliverDueWebhooks(data, config)
      .catch((error) => log.error(`Webhook sweep failed: ${(error as Error).message}`))
      .finally(() => (running = null));
  }, SWEEP_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
