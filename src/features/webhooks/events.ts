// Webhook subscriptions and the events they produce: `webhook_url` given when work starts is kept per render or
// run; when the queue settles a render (inside its transaction) the matching events are queued as deliveries.
import type { Database } from "bun:sqlite";
import type { Config } from "../../config";
import type { SettledRender } from "../../generation/queue";
import { findMatrixRun } from "../../db/matrix-runs";
import type { RawRow } from "../../db/raw-row";
import type { renders, webhookTargets } from "../../db/schema";
import { log } from "../../log";

export type SubjectKind = "render" | "matrix_run";
export type EventType = "render.completed" | "render.failed" | "matrix_run.completed";

export function subscribeWebhook(sqlite: Database, userId: number, kind: SubjectKind, subjectIds: readonly string[], url: string): void {
  const insert = sqlite.query("INSERT OR REPLACE INTO webhook_targets (subject_kind, subject_id, user_id, url) VALUES (?, ?, ?, ?)");
  sqlite.transaction(() => {
    for (const id of subjectIds) insert.run(kind, id, userId, url);
  })();
}

function enqueueDelivery(sqlite: Database, kind: SubjectKind, subjectId: string, type: EventType, data: Record<string, unknown>, now: number): void {
  const target = sqlite
    .query<RawRow<typeof webhookTargets, "user_id" | "url">, [string, string]>("SELECT user_id, url FROM webhook_targets WHERE subject_kind = ? AND subject_id = ?")
    .get(kind, subjectId);
  if (!target) return;
  const id = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
  const body = JSON.stringify({ id, type, created: Math.floor(now / 1000), data });
  sqlite
    .query(
      `INSERT INTO webhook_deliveries (id, user_id, subject_kind, subject_id, event_key, type, url, body, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING`,
    )
    .run(id, target.user_id, kind, subjectId, `${type}:${subjectId}`, type, target.url, body, now);
}

/**
 * The queue's settlement listener: runs inside the transaction that settles `render`, so an event is queued
 * exactly when the settlement commits. It never throws: a webhook must not stop a render from settling.
 */
export function webhookSettlementListener(config: Pick<Config, "baseUrl">) {
  return (sqlite: Database, render: SettledRender): void => {
    try {
      const now = Date.now();
      const row = sqlite
        .query<RawRow<typeof renders, "id" | "status" | "model_key" | "style_phrase" | "base_prompt" | "matrix_run_id" | "error" | "completed_at">, [string]>(
          `SELECT id, status, model_key, style_phrase, base_prompt, matrix_run_id, error, completed_at FROM renders WHERE id = ?`,
        )
        .get(render.id);
      if (row) {
        const data = { ...row, url: new URL(`/r/${render.id}`, config.baseUrl).href, api_url: new URL(`/render/${render.id}`, config.baseUrl).href };
        enqueueDelivery(sqlite, "render", render.id, render.outcome === "done" ? "render.completed" : "render.failed", data, now);
      }
      if (!render.matrixRunId) return;
      const run = findMatrixRun(sqlite, render.matrixRunId, "operator");
      if (run && run.completedAt !== null) {
        const data = {
          id: run.id,
          status: run.status,
          total_cells: run.totalCells,
          done_cells: run.doneCells,
          failed_cells: run.failedCells,
          cost_credits: run.costCredits,
          completed_at: run.completedAt,
          url: new URL(`/studio/runs/${run.id}`, config.baseUrl).href,
        };
        enqueueDelivery(sqlite, "matrix_run", run.id, "matrix_run.completed", data, now);
      }
    } catch (error) {
      log.error(`Could not queue the webhook for render ${render.id}: ${(error as Error).message}`);
    }
  };
}
