// The studio's JSON bodies: an upload, work queued (credits spent and what is left), a cancelled run.
import { t } from "elysia";
import { integer } from "../../http/responses";

export const storedUpload = t.Object({
  upload_id: t.String({ description: "Pass to POST /apply-style" }),
  width: integer(),
  height: integer(),
});

const queuedRender = t.Object({
  id: t.String({ description: "Follow it at GET /render/:id or /render/:id/events" }),
  status: t.UnionEnum(["pending", "running", "done", "failed"]),
  model_key: t.String(),
});

const spent = {
  cost: integer({ description: "Credits this took" }),
  credits: integer({ description: "Credits left" }),
};

export const styleApplied = t.Object({ renders: t.Array(queuedRender), ...spent });

export const matrixStarted = t.Object({
  matrix_run_id: t.String(),
  renders: t.Array(queuedRender, { description: "One per cell: base prompt × style × model" }),
  ...spent,
  events: t.String({ description: "The run's progress as server-sent events" }),
});

export const runCancelled = t.Object({
  cancelled: integer({ description: "Cells that had not started" }),
  refunded: integer({ description: "Credits given back" }),
});
