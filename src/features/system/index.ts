// Operational routes: /health, the OpenAPI description at /docs, and the built assets in public/.
import { Elysia, t } from "elysia";
import { HttpError } from "../../http/http-error";
import type { setupPlugin } from "../../http/setup";
import { PUBLIC_DIR, PUBLIC_FILES } from "../../ui/assets";
import { queueStats } from "../../generation/queue";
import { galleryCounts } from "../gallery/service";
import { log } from "../../log";

export function systemFeature(setup: ReturnType<typeof setupPlugin>) {
  return new Elysia({ name: "system" })
    .use(setup)
    .get(
      "/health",
      ({ sqlite, set }) => {
        try {
          return { status: "ok", database: "ok", counts: galleryCounts(sqlite), queue: queueStats(sqlite) };
        } catch (error) {
          log.error("health check: database unreachable", error);
          set.status = 503;
          return { status: "error", database: "unreachable" };
        }
      },
      { api: true, detail: { summary: "Database reachable, gallery counts, queue depth, running jobs and failures in the last hour" } },
    )
    .get(
      "/:asset",
      async ({ request, params }) => {
        const contentType = PUBLIC_FILES[params.asset];
        if (!contentType) throw new HttpError(404, "We couldn’t find that page.");
        const file = Bun.file(`${PUBLIC_DIR}/${params.asset}`);
        if (!(await file.exists())) throw new HttpError(404, "Asset not built: run `bun run build`");
        // Pages link assets as ?v=<content hash>, so a versioned URL never changes meaning.
        const versioned = new URL(request.url).searchParams.has("v");
        return new Response(file, {
          headers: {
            "content-type": contentType,
            "cache-control": versioned ? "public, max-age=31536000, immutable" : "public, no-cache",
          },
        });
      },
      { params: t.Object({ asset: t.String() }), detail: { hide: true } },
    );
}
