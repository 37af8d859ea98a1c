// The JSON bodies of GET /health: everything fine, or the database unreachable (503).
import { t } from "elysia";
import { integer } from "../../http/responses";

export const healthy = t.Object({
  status: t.Literal("ok"),
  database: t.Literal("ok"),
  counts: t.Object({ public_renders: integer(), styles: integer() }),
  queue: t.Object({
    pending: integer(),
    running: integer({ description: "Renders a worker holds a live lease on" }),
    failed_last_hour: integer(),
  }),
  models: t.Record(t.String(), t.String(), { description: 'Each offered model by key: "ok", or "disabled: <why>"' }),
  pid: integer(),
});

export const unreachable = t.Object({ status: t.Literal("error"), database: t.Literal("unreachable") }, { description: "The database cannot be read" });
