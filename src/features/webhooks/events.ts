// Webhook subscriptions and the events they produce: `webhook_url` given when work starts is kept per render or
// run; when the queue settles a render (inside its transaction) the matching events are queued as deliveries.
import { and, eq, sql } from "drizzle-orm";
import type { Config } from "../../config";
import { run, type Data, type Tables, type Tx } from "../../db/data";
import type { SettledRender } from "../../generation/queue";

export type SubjectKind = "render" | "matrix_run";
export type EventType = "render.completed" | "render.failed" | "matrix_run.completed";

/** Keeps `url` for each subject (the latest subscription wins), in one statement. */
export async function subscribeWebhook(data: Data, userId: number, kind: SubjectKind, subjectIds: readonly string[], url: string): Promise<void> {
  const ids = [...new Set(subjectIds)];
  if (ids.length === 0) return;
  const { webhookTargets } = data.tables;
  await data.db
    .insert(webhookTargets)
    .values(ids.map((subjectId) => ({ subjectKind: kind, subjectId, userId, url })))
    .onConflictDoUpdate({
      target: [webhookTargets.subjectKind, webhookTargets.subjectId],
      set: { userId: sql`excluded.user_id`, url: sql`excluded.url` },
    });
}

function* enqueueDelivery(tx: Tx, tables: Tables, kind: SubjectKind, subjectId: string, type: EventType, payload: Record<string, unknown>, now: number) {
  const { webhookTargets, webhookDeliveries } = tables;
  const [target] = yield* run(
    tx
      .select({ userId: webhookTargets.userId, url: webhookTargets.url })
      .from(webhookTargets)
      .where(and(eq(webhookTargets.subjectKind, kind), eq(webhookTargets.subjectId, subjectId))),
  );
  if (!target) return;
  const id = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
  const body = JSON.stringify({ id, type, created: Math.floor(now / 1000), data: payload });
  yield* run(
    tx
      .insert(webhookDeliveries)
      .values({ id, userId: target.userId, subjectKind: kind, subjectId, eventKey: `${type}:${subjectId}`, type, url: target.url, body, nextAttemptAt: now })
      .onConflictDoNothing({ target: webhookDeliveries.eventKey }),
  );
}

/**
 * The queue's settlement step: runs inside the transaction that settles `render`, so an event is queued exactly
 * when the settlement commits. Its statements are reads and a conflict-free insert, so it does not fail a
 * settlement short of the database itself failing.
 */
export function webhookSettlementStep(config: Pick<Config, "baseUrl">) {
  return function* (tx: Tx, tables: Tables, render: SettledRender) {
    const now = Date.now();
    const { renders, matrixRuns } = tables;
    const [row] = yield* run(
      tx
        .select({
          id: renders.id,
          status: renders.status,
          model_key: renders.modelKey,
          style_phrase: renders.stylePhrase,
          base_prompt: renders.basePrompt,
          matrix_run_id: renders.matrixRunId,
          error: renders.error,
          completed_at: renders.completedAt,
        })
        .from(renders)
        .where(eq(renders.id, render.id)),
    );
    if (row) {
      const payload = { ...row, url: new URL(`/r/${render.id}`, config.baseUrl).href, api_url: new URL(`/render/${render.id}`, config.baseUrl).href };
      yield* enqueueDelivery(tx, tables, "render", render.id, render.outcome === "done" ? "render.completed" : "render.failed", payload, now);
    }
    if (!render.matrixRunId) return;
    const [matrixRun] = yield* run(tx.select().from(matrixRuns).where(eq(matrixRuns.id, render.matrixRunId)));
    if (matrixRun && matrixRun.completedAt !== null) {
      const payload = {
        id: matrixRun.id,
        status: matrixRun.status,
        total_cells: matrixRun.totalCells,
        done_cells: matrixRun.doneCells,
        failed_cells: matrixRun.failedCells,
        cost_credits: matrixRun.costCredits,
        completed_at: matrixRun.completedAt,
        url: new URL(`/studio/runs/${matrixRun.id}`, config.baseUrl).href,
      };
      yield* enqueueDelivery(tx, tables, "matrix_run", matrixRun.id, "matrix_run.completed", payload, now);
    }
  };
}
