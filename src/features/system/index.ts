// Operational routes: /health, the OpenAPI description at /docs, and the built assets in public/.
import { Elysia, t } from "elysia";
import { HttpError } from "../../http/http-error";
import type { setupPlugin } from "../../http/setup";
import { PUBLIC_DIR, PUBLIC_FILES } from "../../ui/assets";
import type { Config } from "../../config";
import type { GenerationEngine } from "../../generation/engine";
import { modelStatuses } from "../../generation/models/availability";
import { queueStats } from "../../generation/queue";
import { galleryCounts } from "../gallery/service";
import { log } from "../../log";
import { jsonAnswers } from "../../http/responses";
import { healthy, unreachable } from "./responses";
import { readCompressedAsset } from "./compressed-assets";

export function systemFeature(setup: ReturnType<typeof setupPlugin>, config: Config, engine?: GenerationEngine) {
  return new Elysia({ name: "system" })
    .use(setup)
    .get(
      "/health",
      async ({ data, set }) => {
        try {
          return {
            status: "ok" as const,
            database: "ok" as const,
            counts: await galleryCounts(data),
            queue: await queueStats(data),
            models: modelStatuses(config, engine?.health),
            pid: process.pid,
          };
        } catch (error) {
          log.error("health check: database unreachable", error);
          set.status = 503;
          return { status: "error" as const, database: "unreachable" as const };
        }
      },
      { api: true, response: jsonAnswers({ 200: healthy, 503: unreachable }, []), detail: { summary: "Database reachable, gallery counts, queue depth, running jobs, failures in the last hour, and each offered model: ok or disabled (with why)" } },
    )
    .get(
      "/:asset",
      async ({ request, params }) => {
        const contentType = PUBLIC_FILES.get(params.asset);
        if (!contentType) throw new HttpError(404, "We couldn’t find that page.");
        const asset = await readCompressedAsset(`${PUBLIC_DIR}/${params.asset}`, contentType, request.headers.get("accept-encoding"));
        if (!asset) throw new HttpError(404, "Asset not built: run `bun run build`");
        // Pages link assets as ?v=<content hash>, so a versioned URL never changes meaning.
        const versioned = new URL(request.url).searchParams.has("v");
        const headers: Record<string, string> = {
          "content-type": contentType,
          "cache-control": versioned ? "public, max-age=31536000, immutable" : "public, no-cache",
          vary: "Accept-Encoding",
        };
        if (asset.encoding) headers["content-encoding"] = asset.encoding;
        return new Response(asset.body, { headers });
      },
      { params: t.Object({ asset: t.String() }), detail: { hide: true } },
    );
}
