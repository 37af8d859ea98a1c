// The library ZIP (library buyers and unlocked users) and full-resolution downloads (unlocked users).
import { Elysia, t } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import { integerParam, textParam } from "../../http/params";
import type { setupPlugin } from "../../http/setup";
import { authPlugin } from "../auth/plugin";
import { accountSummary } from "../billing/ledger";
import { createImageStore, downloadFileName } from "../../storage";
import { findDownloadableRender } from "./downloads";
import { originalOf } from "./originals";
import { buildLibraryArchive, currentSnapshot, sliceStream } from "./service";
import { librarySize } from "./size";
import { formatCents } from "../billing/views";

function forbidden(message: string): HttpError {
  return new HttpError(403, message, { pricing: "/pricing" });
}

/** "bytes=START-" or "bytes=START-END" → inclusive [start, end]; anything else (multi-range, suffix) → null. */
export function parseRange(header: string | null, length: number): [number, number] | null | "unsatisfiable" {
  const match = header ? /^bytes=(\d+)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), length - 1) : length - 1;
  if (start >= length || start > end) return "unsatisfiable";
  return [start, end];
}

export function libraryFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  const store = createImageStore(config.storage);
  return new Elysia({ name: "library" })
    .use(authPlugin(setup, config))
    .get(
      "/library.json",
      async ({ user, data, set }) => {
        if (!user) throw forbidden("Sign in and buy the library (or reach the unlock threshold) to download it.");
        if (!(await accountSummary(data, config, user.id)).library_access) throw forbidden("The library is for library buyers and unlocked accounts.");
        set.headers["cache-control"] = "private, no-store";
        const size = await librarySize(data, store);
        return { ...size, download_url: `/library.zip?snapshot=${size.snapshot}` };
      },
      { detail: { summary: "The library's size now (images, bytes of the originals) and the URL of its ZIP, for those with access" } },
    )
    .get(
      "/library.zip",
      async ({ request, user, data, query }) => {
        if (!user) throw forbidden("Sign in and buy the library (or reach the unlock threshold) to download it.");
        if (!(await accountSummary(data, config, user.id)).library_access) throw forbidden("The library is for library buyers and unlocked accounts.");
        const latest = await currentSnapshot(data);
        const snapshot = Math.min(query.snapshot ?? latest, latest);
        const archive = await buildLibraryArchive(data, config, snapshot);
        const etag = `"library-${snapshot}-${archive.length}"`;
        const headers: Record<string, string> = {
          "content-type": "application/zip",
          "content-disposition": `attachment; filename="ai-gallery-library-${snapshot}.zip"`,
          "accept-ranges": "bytes",
          etag,
          "cache-control": "private, no-store",
          // Resuming needs the same bytes: this URL pins the snapshot, whatever is published later.
          "content-location": `/library.zip?snapshot=${snapshot}`,
        };
        const ifRange = request.headers.get("if-range");
        const range = !ifRange || ifRange === etag ? parseRange(request.headers.get("range"), archive.length) : null;
        if (range === "unsatisfiable") {
          return new Response(null, { status: 416, headers: { ...headers, "content-range": `bytes */${archive.length}` } });
        }
        if (range) {
          const [start, end] = range;
          return new Response(sliceStream(archive.stream(), start, end), {
            status: 206,
            headers: { ...headers, "content-range": `bytes ${start}-${end}/${archive.length}`, "content-length": String(end - start + 1) },
          });
        }
        return new Response(archive.stream(), { headers: { ...headers, "content-length": String(archive.length) } });
      },
      {
        query: t.Object({ snapshot: t.Optional(integerParam("snapshot", 0, Number.MAX_SAFE_INTEGER)) }),
        detail: { summary: "The whole public library as a ZIP with manifest.csv and LICENSE (resumable with Range)" },
      },
    )
    .get(
      "/r/:id/download",
      async ({ user, data, params }) => {
        const render = await findDownloadableRender(data, params.id);
        const isOwner = user !== null && render?.userId === user.id;
        // Someone else's private render does not exist, as far as anyone else can tell.
        if (!render || (!isOwner && !render.isPublic)) throw new HttpError(404, "Render not found");
        // People always get what they paid for: their own renders at full resolution, unlocked or not.
        const summary = user ? await accountSummary(data, config, user.id) : null;
        if (!isOwner && !summary?.unlocked) {
          const threshold = formatCents(config.billing.unlockThresholdCents);
          const progress = summary ? `You have spent ${formatCents(summary.lifetime_spend_cents)} of ${threshold}.` : "Sign in and buy credits or the library to start.";
          throw forbidden(`Full-resolution downloads unlock once your purchases reach ${threshold} in total. ${progress} Everyone can view the web-sized image.`);
        }
        const original = await originalOf(data, store, render);
        if (!original || !(await store.stat(original.key))) throw new HttpError(404, "Render not found");
        return new Response(store.responseBody(original.key), {
          headers: {
            "content-type": "image/webp",
            "content-disposition": `attachment; filename="${downloadFileName(render.id)}"`,
            "cache-control": "private, max-age=3600",
          },
        });
      },
      {
        params: t.Object({ id: textParam("id", 64) }),
        detail: { summary: "A render at full resolution (your own renders, or any public render once unlocked)" },
      },
    );
}
