// Live progress as server-sent events: GET /render/:id/events and GET /matrix/:id/events.
import { Elysia, t } from "elysia";
import { HttpError } from "../../http/http-error";
import { eventStream, type ServerEvent } from "../../http/event-stream";
import { textParam } from "../../http/params";
import { eventStreamAnswers } from "../../http/responses";
import type { setupPlugin } from "../../http/setup";
import type { Config } from "../../config";
import { authPlugin } from "../auth/plugin";
import { findViewableRender, viewableMatrixRunRenders } from "../gallery/service";
import { findVisibleMatrixRun } from "./service";
import { matrixCellHtml } from "../../ui/matrix-table";

const POLL_MS = 500;
const TERMINAL = new Set(["done", "failed"]);

export function progressFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "progress" })
    .use(authPlugin(setup, config))
    .get(
      "/render/:id/events",
      async ({ request, params, data, user }) => {
        const viewer = user?.id ?? null;
        if (!(await findViewableRender(data, params.id, viewer))) throw new HttpError(404, "Render not found");
        let lastStatus = "";
        return eventStream(
          request,
          async () => {
            const render = await findViewableRender(data, params.id, viewer);
            if (!render) return { events: [{ event: "gone", data: { id: params.id } }], done: true };
            const changed = render.status !== lastStatus;
            lastStatus = render.status;
            return { events: changed ? [{ event: "status", data: render }] : [], done: TERMINAL.has(render.status) };
          },
          POLL_MS,
        );
      },
      {
        api: true,
        params: t.Object({ id: textParam("id", 64) }),
        detail: {
          summary: "A render's status changes (server-sent events)",
          responses: eventStreamAnswers("Events: `status` (the render as GET /render/:id answers it) at each change until done or failed; `gone` if it disappears", [400, 401, 403, 404]),
        },
      },
    )
    .get(
      "/matrix/:id/events",
      async ({ request, params, data, user }) => {
        const viewer = user?.id ?? null;
        if (!(await findVisibleMatrixRun(data, params.id, viewer))) throw new HttpError(404, "Matrix run not found");
        const lastStatus = new Map<string, string>();
        let lastProgress = "";
        return eventStream(
          request,
          async () => {
            const run = await findVisibleMatrixRun(data, params.id, viewer);
            if (!run) return { events: [{ event: "gone", data: { id: params.id } }], done: true };
            const events: ServerEvent[] = [];
            // Each cell is shown only if GET /render/:id would show it to this viewer (not NSFW, not someone else's private).
            for (const render of await viewableMatrixRunRenders(data, params.id, viewer)) {
              if (lastStatus.get(render.id) === render.status) continue;
              lastStatus.set(render.id, render.status);
              events.push({ event: "cell", data: { ...render, html: matrixCellHtml(render) } });
            }
            const progress = JSON.stringify(run);
            if (progress !== lastProgress) events.push({ event: "progress", data: run });
            lastProgress = progress;
            const settled = run.done + run.failed >= run.total || run.status === "cancelled";
            return { events, done: settled };
          },
          POLL_MS,
        );
      },
      {
        api: true,
        params: t.Object({ id: textParam("id", 64) }),
        detail: {
          summary: "A matrix run's progress and cells (server-sent events)",
          responses: eventStreamAnswers("Events: `cell` (a render, with its table cell as `html`) at each change; `progress` (the run's counts); `gone` if it disappears", [400, 401, 403, 404]),
        },
      },
    );
}
