// GET /metrics: Prometheus text exposition for admins (everyone else gets the ordinary 404).
// Counters are this process's since it started; queue and ledger figures are read from the database on each scrape.
import type { Database } from "bun:sqlite";
import { Elysia } from "elysia";
import type { Config } from "../../config";
import type { setupPlugin } from "../../http/setup";
import { queueStats } from "../../generation/queue";
import { gauge, renderCounters } from "../../metrics/registry";
import { authPlugin } from "../auth/plugin";

function ledgerTotals(sqlite: Database): { sold: number; refunded: number } {
  // Two sums over the ledger: computed figures, which no schema column names
  return sqlite
    .query<{ sold: number; refunded: number }, []>(
      `SELECT coalesce(sum(CASE WHEN payment_id IS NOT NULL AND delta > 0 THEN delta END), 0) AS sold,
              coalesce(sum(CASE WHEN reason = 'render_refund' THEN delta END), 0) AS refunded
       FROM credit_ledger`,
    )
    .get()!; // sums always yield a row
}

export function metricsText(sqlite: Database): string {
  const queue = queueStats(sqlite);
  const ledger = ledgerTotals(sqlite);
  return [
    ...renderCounters(),
    ...gauge("gallery_queue_pending", "Renders waiting for a worker.", queue.pending),
    ...gauge("gallery_queue_running", "Renders running under a live lease.", queue.running),
    ...gauge("gallery_credits_sold_total", "Credits bought through payments, from the ledger.", ledger.sold),
    ...gauge("gallery_credits_refunded_total", "Credits given back for failed renders, from the ledger.", ledger.refunded),
    "",
  ].join("\n");
}

export function metricsFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "metrics" })
    .use(authPlugin(setup, config))
    .get("/metrics", ({ sqlite, set }) => {
      set.headers["content-type"] = "text/plain; version=0.0.4; charset=utf-8";
      set.headers["cache-control"] = "no-store";
      return metricsText(sqlite);
    }, { auth: "admin", detail: { hide: true } });
}
