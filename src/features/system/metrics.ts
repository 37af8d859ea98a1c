// GET /metrics: Prometheus text exposition for admins (everyone else gets the ordinary 404).
// Counters are this process's since it started; queue and ledger figures are read from the database on each scrape.
import { sql } from "drizzle-orm";
import { Elysia } from "elysia";
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import type { setupPlugin } from "../../http/setup";
import { queueStats } from "../../generation/queue";
import { gauge, renderCounters } from "../../metrics/registry";
import { authPlugin } from "../auth/plugin";

async function ledgerTotals({ db, tables: { creditLedger: l } }: Data): Promise<{ sold: number; refunded: number }> {
  const [totals] = await db
    .select({
      sold: sql<number>`CAST(coalesce(sum(CASE WHEN ${l.paymentId} IS NOT NULL AND ${l.delta} > 0 THEN ${l.delta} END), 0) AS integer)`,
      refunded: sql<number>`CAST(coalesce(sum(CASE WHEN ${l.reason} = 'render_refund' THEN ${l.delta} END), 0) AS integer)`,
    })
    .from(l);
  return totals!; // sums always yield a row
}

/** `queue` is the queue's figures, read by the caller (the queue's own module reads them). */
export async function metricsText(data: Data, queue: { pending: number; running: number }): Promise<string> {
  const ledger = await ledgerTotals(data);
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
    .get("/metrics", async ({ data, set }) => {
      set.headers["content-type"] = "text/plain; version=0.0.4; charset=utf-8";
      set.headers["cache-control"] = "no-store";
      return metricsText(data, await queueStats(data));
    }, { auth: "admin", detail: { hide: true } });
}
