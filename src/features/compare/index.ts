// Compare routes: /compare?a=&b=&mode= (two renders of one prompt), /compare?a= (what to compare a with) and the
// difference heat map image. Both renders must be visible to the viewer; a private one is a 404 to anyone else.
import { Elysia } from "elysia";
import type { Config } from "../../config";
import { HTML_CONTENT_TYPE as HTML, htmlPages } from "../../http/html";
import { publicCacheKey } from "../../http/response-cache";
import type { setupPlugin } from "../../http/setup";
import { createImageStore } from "../../storage";
import { lazyAuthPlugin } from "../auth/plugin";
import { createHeatmapCache } from "./heatmap-cache";
import { compareQuery, heatmapQuery } from "./model";
import { compareChoices, findComparedPair, findComparedRender } from "./service";
import { renderChooserPage, renderComparePage } from "./views";

const PUBLIC_IMMUTABLE = "public, max-age=31536000, immutable";
const PRIVATE_CACHE = "private, max-age=3600";
/** The chooser's style picker lists this many styles at most. */
const MAX_STYLE_CHOICES = 500;
/** Bumped when the heat map's drawing changes, so cached copies are not taken for the new one. */
const HEATMAP_VERSION = 1;

export function compareFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  const heatmaps = createHeatmapCache(createImageStore(config.storage));
  return new Elysia({ name: "compare" })
    .use(lazyAuthPlugin(setup, config))
    .use(htmlPages)
    .get(
      "/compare",
      async ({ request, query, data, cache, loadUser, privatePage }) => {
        const viewerId = async () => (await loadUser())?.id ?? null;
        // Cached, but never answered before routing (no earlyRoute): whether both renders are public is read per request.
        if (query.b === undefined) {
          const { render, isPublic } = await findComparedRender(data, query.a, viewerId);
          if (isPublic) {
            return cache.respond(request, publicCacheKey(request, ["a"]), HTML, async () =>
              renderChooserPage({ render, choices: await compareChoices(data, render, null, MAX_STYLE_CHOICES) }),
            );
          }
          return privatePage(renderChooserPage({ render, choices: await compareChoices(data, render, await viewerId(), MAX_STYLE_CHOICES) }));
        }
        const { a, b, isPublic } = await findComparedPair(data, { a: query.a, b: query.b }, viewerId);
        const page = () => renderComparePage({ a, b, mode: query.mode ?? "slider" });
        return isPublic ? cache.respond(request, publicCacheKey(request, ["a", "b", "mode"]), HTML, page) : privatePage(page());
      },
      {
        query: compareQuery,
        detail: { summary: "Two renders of the same prompt as a slider, side by side or a difference heat map (HTML); with only `a`, what it can be compared with" },
      },
    )
    .get(
      "/compare/heatmap",
      async ({ request, query, data, loadUser }) => {
        const { a, b, isPublic } = await findComparedPair(data, query, async () => (await loadUser())?.id ?? null);
        const etag = `"heatmap-${HEATMAP_VERSION}-${a.id}-${b.id}"`;
        const headers = { etag, "cache-control": isPublic ? PUBLIC_IMMUTABLE : PRIVATE_CACHE, "x-content-type-options": "nosniff" };
        if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
        return new Response(await heatmaps.heatmapOf(a, b), { headers: { ...headers, "content-type": "image/webp" } });
      },
      {
        query: heatmapQuery,
        detail: { summary: "The difference heat map of two renders of the same prompt (WebP): dark where they match, bright where they differ" },
      },
    );
}
