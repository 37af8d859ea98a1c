// Gallery routes: the public pages (/, /explore, /style/:slug, /r/:id) and the read API of the original design.
import { Elysia, t } from "elysia";
import { HTML_CONTENT_TYPE as HTML, htmlPages } from "../../http/html";
import { HttpError } from "../../http/http-error";
import { BASE_PROMPT_MAX_LENGTH } from "../../domain/style-phrase";
import { prefersJson } from "../../http/negotiate";
import { publicCacheKey } from "../../http/response-cache";
import type { setupPlugin } from "../../http/setup";
import type { Config } from "../../config";
import { renderUploadIdOf } from "../../db/gallery-reads";
import { authPlugin } from "../auth/plugin";
import { exploreQuery, SEARCH_DEFAULT_LIMIT, searchQuery } from "./model";
import { integerParam, textParam } from "../../http/params";
import { jsonAnswers } from "../../http/responses";
import { defaultSet, renderDetail, searchPage, stylesList } from "./responses";
import {
  defaultRenders,
  findRenderProvenance,
  findViewableRender,
  galleryCounts,
  featuredStyle,
  galleryModels,
  hiddenReason,
  homeShowcase,
  listStyles,
  popularStyles,
  renderSiblings,
  styleCards,
  styleMatrix,
} from "./service";
import { BadSearchError, nearestCatalogueEntries, searchRenders } from "./search";
import { isRetiredModel, knownModels, modelLabel } from "../../generation/models/catalogue";
import { cataloguePainting } from "../../generation/catalogue-progress";
import { renderVersions } from "./versions";
import { compareHref } from "../compare/links";
import { moreLikeThis } from "./more-like-this";
import { strengthsOfStyles } from "./style-strength";
import { renderExplorePage, renderHomePage, renderRenderPage, renderStylePage } from "./views";

const JSON_TYPE = "application/json";
const HOME_RENDERS = 40;
const FEATURED_RENDERS = 6;
const HOME_STYLES = 40;
const SIBLINGS = 15;
const SIMILAR = 10;
const EXPLORE_PAGE_SIZE = 30;
const STYLE_CARDS_PAGE_SIZE = 48;
const SHOWCASE_PROMPTS = 4;
const SHOWCASE_STYLES = 6;

const EXPLORE_PARAMS = Object.keys(exploreQuery.properties);
const SEARCH_PARAMS = Object.keys(searchQuery.properties);
const STYLE_PAGE_PARAMS = ["after"];

async function search(data: Parameters<typeof searchRenders>[0], params: Parameters<typeof searchRenders>[1]) {
  try {
    return await searchRenders(data, params);
  } catch (error) {
    if (error instanceof BadSearchError) throw new HttpError(400, error.message);
    throw error;
  }
}

const API_INFO = {
  name: "AI Gallery",
  description: "A public gallery of AI images organised as a style matrix.",
  docs: "/docs",
  endpoints: [
    "GET /health",
    "GET /search?q=&offset=&limit=&cursor=&model=&sort=",
    "GET /styles",
    "GET /default",
    "GET /render/{id}",
    "GET /images/{year}/{month}/{file}",
  ],
};

export function galleryFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "gallery" })
    .use(setup)
    .get(
      "/",
      ({ request, route, data, cache }) => {
        if (prefersJson(request)) return Response.json(API_INFO);
        return cache.respond(request, "/", HTML, async () =>
          renderHomePage({
            renders: await defaultRenders(data, HOME_RENDERS),
            featured: await featuredStyle(data, FEATURED_RENDERS),
            showcase: await homeShowcase(data, SHOWCASE_PROMPTS, SHOWCASE_STYLES),
            styles: await popularStyles(data, HOME_STYLES),
            totalRenders: (await galleryCounts(data)).public_renders,
            painting: await cataloguePainting(data),
          }),
          { earlyRoute: route },
        );
      },
      { detail: { summary: "Home page (HTML), or API info when the client asks for JSON" } },
    )
    .get(
      "/explore",
      ({ request, route, query, data, cache }) =>
        cache.respond(request, publicCacheKey(request, EXPLORE_PARAMS), HTML, async () => {
          const q = query.q?.trim() ?? "";
          const model = query.model?.trim() || null;
          const sort = query.sort ?? "az";
          const offset = query.offset ?? 0;
          const models = await galleryModels(data, knownModels().map((known) => known.key));
          // Strength orders styles, so a model filter then ranks the styles on that model rather than listing renders.
          if (!q && (model === null || sort === "strength")) {
            const { cards, total } = await styleCards(data, { sort, model, offset, limit: STYLE_CARDS_PAGE_SIZE });
            return renderExplorePage({ query: "", model, sort, models, page: null, styleCards: { cards, total, offset, limit: STYLE_CARDS_PAGE_SIZE }, suggestions: null });
          }
          if (sort === "strength") throw new HttpError(400, "sort=strength orders styles, so it cannot be combined with a search query: use az or newest.");
          const page = await search(data, { q, model, sort, offset, limit: EXPLORE_PAGE_SIZE, cursor: query.cursor });
          const suggestions = page.total === 0 && q ? await nearestCatalogueEntries(data, q) : null;
          return renderExplorePage({ query: q, model, sort, models, page, styleCards: null, suggestions });
        }, { earlyRoute: route }),
      {
        query: exploreQuery,
        detail: { summary: "Search page (HTML): styles, subjects and models; style cards when there is no query" },
      },
    )
    .get(
      "/style/:slug",
      ({ request, route, params, query, data, cache }) =>
        cache.respond(request, publicCacheKey(request, STYLE_PAGE_PARAMS), HTML, async () => {
          const matrix = await styleMatrix(data, params.slug, { after: query.after });
          if (!matrix) throw new HttpError(404, "No style by that name is in the gallery yet.");
          return renderStylePage(matrix, (await strengthsOfStyles(data, [matrix.style.slug])).get(matrix.style.slug) ?? []);
        }, { earlyRoute: route }),
      {
        params: t.Object({ slug: textParam("slug", 200) }),
        query: t.Object({ after: t.Optional(textParam("after", BASE_PROMPT_MAX_LENGTH)) }),
        detail: { summary: "A style's matrix (HTML), twelve prompts a page; `after` names the last prompt of the page before" },
      },
    )
    .get(
      "/search",
      ({ request, route, query, data, cache }) =>
        cache.respond(request, publicCacheKey(request, SEARCH_PARAMS), JSON_TYPE, async () =>
          JSON.stringify(
            await search(data, {
              q: query.q,
              offset: query.offset ?? 0,
              limit: query.limit ?? SEARCH_DEFAULT_LIMIT,
              cursor: query.cursor,
              model: query.model ?? null,
              sort: query.sort ?? "az",
            }),
          ),
          { earlyRoute: route },
        ),
      {
        query: searchQuery,
        api: true,
        response: jsonAnswers({ 200: searchPage }, [400, 401, 403]),
        detail: { summary: "Search public renders by style phrase, base prompt and model name (style matches first), with a cursor for stable paging" },
      },
    )
    .get(
      "/styles",
      ({ request, route, data, cache }) => cache.respond(request, "/styles", JSON_TYPE, async () => JSON.stringify({ styles: await listStyles(data) }), { earlyRoute: route }),
      { api: true, response: jsonAnswers({ 200: stylesList }, []), detail: { summary: "Every style with its number of public renders" } },
    )
    .get(
      "/default",
      ({ request, route, query, data, cache }) =>
        cache.respond(request, publicCacheKey(request, ["limit"]), JSON_TYPE, async () => JSON.stringify({ results: await defaultRenders(data, query.limit ?? HOME_RENDERS) }), {
          earlyRoute: route,
        }),
      {
        query: t.Object({ limit: t.Optional(integerParam("limit", 1, 100)) }),
        api: true,
        response: jsonAnswers({ 200: defaultSet }, [400]),
        detail: { summary: "The curated default set shown on the home page" },
      },
    )
    // Render pages and JSON answer owners of private renders too, so they need the session (registered last:
    // the public routes above skip the cookie work entirely).
    .use(authPlugin(setup, config))
    .use(htmlPages)
    .get(
      "/r/:id",
      async ({ request, params, query, data, cache, user, privatePage }) => {
        // Comparisons moved to /compare (the same rules for every pair); old links land there.
        if (query.compare !== undefined) return new Response(null, { status: 301, headers: { location: compareHref(query.compare, params.id) } });
        const render = await findViewableRender(data, params.id, user?.id ?? null);
        if (!render) throw new HttpError(404, "That render doesn’t exist or isn’t public.");
        const hidden = await hiddenReason(data, render.id);
        const versions = await renderVersions(data, render.id, user?.id ?? null);
        // Cached, but never answered before routing (no earlyRoute): whether the render is still public and not
        // hidden is read here on every request, and hiding one outside the gallery order (a superseded version)
        // does not move the gallery version that would drop its entry.
        if (hidden === null && render.visibility === "public" && render.status === "done") {
          return cache.respond(request, publicCacheKey(request), HTML, async () =>
            renderRenderPage({
              render,
              siblings: await renderSiblings(data, render, SIBLINGS),
              beforeImage: null,
              provenance: await findRenderProvenance(data, render.id),
              versions,
              similar: await moreLikeThis(data, render, SIMILAR),
            }),
          );
        }
        // A private, hidden or still-running render: personal or changing, so never cached.
        const uploadId = await renderUploadIdOf(data, render.id);
        const html = renderRenderPage({
          render,
          siblings: [],
          beforeImage: uploadId ? `/uploads/${uploadId}` : null,
          provenance: await findRenderProvenance(data, render.id),
          versions,
          hiddenReason: hidden,
        });
        return privatePage(html);
      },
      {
        params: t.Object({ id: textParam("id", 64) }),
        query: t.Object({ compare: t.Optional(textParam("compare", 64, "Old links: redirects to /compare?a=<compare>&b=<id>")) }),
        detail: { summary: "A render (HTML) with its versions; private renders only to their owner" },
      },
    )
    .get(
      "/render/:id",
      async ({ params, data, user, set }) => {
        const render = await findViewableRender(data, params.id, user?.id ?? null);
        if (!render) throw new HttpError(404, "Render not found");
        // Not cached: a queued render's status changes without the public gallery changing.
        const hidden = await hiddenReason(data, render.id);
        set.headers["cache-control"] = render.visibility === "public" && hidden === null ? "no-cache" : "private, no-store";
        return {
          ...render,
          hidden_by_moderator: hidden !== null,
          model: { key: render.model_key, label: modelLabel(render.model_key), retired: isRetiredModel(render.model_key) },
          provenance: await findRenderProvenance(data, render.id),
        };
      },
      {
        params: t.Object({ id: textParam("id", 64) }),
        api: true,
        response: jsonAnswers({ 200: renderDetail }, [400, 401, 403, 404]),
        detail: { summary: "One render (private ones only to their owner)" },
      },
    );
}
