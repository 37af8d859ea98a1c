// Sends queued webhook deliveries: signed POSTs, retried with exponential backoff for a day, each answer kept.
// A sweeper runs in each process that renders (ROLE=all's first process, each ROLE=worker); a delivery is claimed
// (pushed into the future) before it is sent, so sweepers in several processes never send it twice.
import type { Database } from "bun:sqlite";
import type { Config } from "../../config";
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

export function listDeliveries(sqlite: Database, userId: number, subjectKind: "render" | "matrix_run", subjectId: string): DeliveryListing[] {
  return sqlite
    .query<DeliveryListing, [number, string, string]>(
      `SELECT id, type, url, state, attempts, last_status, last_response, last_attempt_at, next_attempt_at, created_at
       FROM webhook_deliveries WHERE user_id = ? AND subject_kind = ? AND subject_id = ? ORDER BY created_at`,
    )
    .all(userId, subjectKind, subjectId);
}

export function retryDelay(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

type DueDelivery = RawRow<typeof webhookDeliveries, "id" | "user_id" | "url" | "body" | "attempts" | "created_at" | "next_attempt_at">;

async function send(delivery: DueDelivery, sqlite: Database, config: Config, now: number): Promise<{ status: number | null; answer: string }> {
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
        [SIGNATURE_HEADER]: signatureHeader(signingSecretFor(sqlite, delivery.user_id), delivery.body, Math.floor(now / 1000)),
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
export async function deliverDueWebhooks(sqlite: Database, config: Config, now = Date.now()): Promise<number> {
  const due = sqlite
    .query<DueDelivery, [number, number]>(
      `SELECT id, user_id, url, body, attempts, created_at, next_attempt_at FROM webhook_deliveries
       WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
    )
    .all(now, BATCH);
  const claim = sqlite.query(`UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND state = 'pending' AND next_attempt_at = ?`);
  const claimed = due.filter((delivery) => claim.run(now + CLAIM_MS, delivery.id, delivery.next_attempt_at).changes === 1);
  const results = await Promise.all(claimed.map(async (delivery) => ({ delivery, ...(await send(delivery, sqlite, config, now)) })));
  let delivered = 0;
  const record = sqlite.query(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $status, last_response = $answer, last_attempt_at = $now,
       state = $state, next_attempt_at = $next, delivered_at = CASE WHEN $state = 'delivered' THEN $now ELSE NULL END
     WHERE id = $id`,
  );
  for (const { delivery, status, answer } of results) {
    const attempts = delivery.attempts + 1;
    const ok = status !== null && status >= 200 && status < 300;
    const next = now + retryDelay(attempts);
    const state = ok ? "delivered" : next - delivery.created_at > GIVE_UP_AFTER_MS ? "failed" : "pending";
    if (ok) delivered++;
    record.run({ id: delivery.id, status, answer, now, state, next: ok ? now : next });
  }
  return delivered;
}

/** Sweeps every couple of seconds; `stop()` waits for a sweep in progress. */
export function startWebhookSweeper(sqlite: Database, config: Config): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = deliverDueWebhooks(sqlite, config)
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
