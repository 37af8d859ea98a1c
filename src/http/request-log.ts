// One log line and one metrics sample per request: id, method, route pattern, status, duration, and the user when signed in.
import { Elysia } from "elysia";
import { log } from "../log";
import { metrics } from "../metrics/registry";
import { signedInUserOf } from "../features/auth/plugin";
import { errorStatusOf } from "./errors";

const started = new WeakMap<Request, { id: string; at: number }>();

function statusOf(responseValue: unknown, status: unknown): number {
  if (responseValue instanceof Response) return responseValue.status;
  const code = typeof status === "number" ? status : Number(status);
  return Number.isFinite(code) && code > 0 ? code : 200;
}

export function requestLogging() {
  return new Elysia({ name: "request-log" })
    .onRequest(({ request, set }) => {
      const id = crypto.randomUUID();
      started.set(request, { id, at: performance.now() });
      set.headers["x-request-id"] = id;
    })
    .onAfterResponse({ as: "global" }, async ({ request, route, set, responseValue }) => {
      const start = started.get(request);
      if (!start) return;
      const ms = performance.now() - start.at;
      // Unmatched paths share one label, so a scanner cannot grow the metrics without bound.
      const pattern = route || "unmatched";
      const status = errorStatusOf(request) ?? statusOf(responseValue, set.status);
      metrics.requests.inc({ method: request.method, route: pattern, status: String(status) });
      metrics.latency.observe(ms / 1000);
      const user = await signedInUserOf(request);
      log.event("request", { id: start.id, method: request.method, route: pattern, status, ms: Math.round(ms * 10) / 10, user: user?.id });
    });
}
