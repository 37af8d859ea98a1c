// Collection routes: hearts (the Favourites collection), named collections and their items, a collection's page
// (/c/:id) and its ZIP. Writes are signed in, origin-checked (app-wide), body-capped and rate-limited; forms get
// redirects, JSON clients get the changed thing.
import { Elysia, t } from "elysia";
import type { Config } from "../../config";
import { htmlPages } from "../../http/html";
import { HttpError } from "../../http/http-error";
import { isFormPost, prefersJson, seeOther } from "../../http/negotiate";
import { BODY_ERRORS, formRedirectAnswers, jsonAnswers } from "../../http/responses";
import { integerParam, textParam } from "../../http/params";
import type { setupPlugin } from "../../http/setup";
import { authPlugin } from "../auth/plugin";
import { accountSummary } from "../billing/ledger";
import { buildCollectionArchive } from "./archive";
import {
  collectionNotFound,
  deleteCollection,
  favouritesOf,
  findFavourites,
  findVisibleCollection,
  listOwnCollections,
  requireOwnCollection,
  updateCollection,
  type CollectionRow,
} from "./collections";
import { createCollectionWith } from "./service";
import { addItem, containedAmong, ownCollectionStats, publicCover, removeItem, viewableItemCount, viewableItems } from "./items";
import { cleanName, collectionParams, createBody, itemBody, itemParams, renderIdList, renderParams, updateBody } from "./model";
import { collectionDeleted, collectionPage, collectionJson as collectionSchema, hearted, heartState, itemAdded, itemRemoved, ownCollections, unhearted } from "./responses";
import { collectionPath, renderCollectionPage, renderMyCollectionsPage } from "./views";

const PAGE_SIZE = 60;
/** What every write may answer besides its body: a bad or cross-site request, signed out, not yours, too many. */
const WRITE = [...BODY_ERRORS, 401, 404, 429] as const;

function collectionJson(collection: CollectionRow) {
  return { id: collection.id, name: collection.name, kind: collection.kind, visibility: collection.visibility, url: collectionPath(collection.id) };
}

/**
 * A page from a handler that also answers typed JSON: Elysia types an async handler's answer as a promise of one
 * of its response schemas, which a Response is not (a sync handler may return either).
 */
const htmlAnswer = (page: Response) => page as never;

export function collectionsFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "collections" })
    .use(authPlugin(setup, config))
    .use(htmlPages)
    .get(
      "/collections",
      async ({ request, user, data, query, privatePage }) => {
        const collections = await listOwnCollections(data, user.id);
        const stats = await ownCollectionStats(data, user.id, query.render ?? null);
        if (prefersJson(request)) {
          return {
            collections: collections.map((collection) => ({ ...collectionJson(collection), items: stats.get(collection.id)?.items ?? 0, has_render: stats.get(collection.id)?.has ?? false })),
          };
        }
        const summaries = await Promise.all(
          collections.map(async (collection) => ({
            collection,
            items: stats.get(collection.id)?.items ?? 0,
            cover: (await viewableItems(data, collection.id, user.id, 1)).renders[0] ?? null,
          })),
        );
        return htmlAnswer(privatePage(renderMyCollectionsPage({ summaries })));
      },
      {
        auth: "page",
        query: t.Object({ render: t.Optional(textParam("render", 64, "A render id: each collection says whether it holds it (has_render)")) }),
        response: jsonAnswers({ 200: ownCollections }, [400]),
        detail: { summary: "Your collections (HTML, or JSON when asked), Favourites first" },
      },
    )
    .post(
      "/collections",
      async ({ request, user, data, body, set }) => {
        const collection = await createCollectionWith(data, user.id, { name: cleanName(body.name), visibility: body.visibility ?? "private", renderId: body.render_id });
        if (isFormPost(request)) return seeOther(collectionPath(collection.id));
        set.status = 201;
        return collectionJson(collection);
      },
      { auth: "api", rateLimit: "collections", bodyLimit: "json", body: createBody, response: jsonAnswers({ 201: collectionSchema }, [...WRITE, 409]), detail: { summary: "Creates a collection (private unless visibility is public), optionally with a first render" } },
    )
    .post(
      "/collections/:id",
      async ({ request, user, data, params, body }) => {
        if (body.name === undefined && body.visibility === undefined) throw new HttpError(400, "Send a new name, a visibility (private or public), or both.");
        const collection = await updateCollection(data, user.id, params.id, {
          name: body.name === undefined ? undefined : cleanName(body.name),
          visibility: body.visibility,
        });
        return isFormPost(request) ? seeOther(collectionPath(collection.id)) : collectionJson(collection);
      },
      { auth: "api", rateLimit: "collections", bodyLimit: "json", params: collectionParams, body: updateBody, response: jsonAnswers({ 200: collectionSchema }, WRITE), detail: { summary: "Renames a collection or makes it public or private" } },
    )
    .delete(
      "/collections/:id",
      async ({ user, data, params }) => {
        await deleteCollection(data, user.id, params.id);
        return { deleted: true as const };
      },
      { auth: "api", rateLimit: "collections", bodyLimit: "json", params: collectionParams, response: jsonAnswers({ 200: collectionDeleted }, WRITE), detail: { summary: "Deletes a collection (its renders stay in the gallery)" } },
    )
    .post(
      "/collections/:id/delete",
      async ({ user, data, params }) => {
        await deleteCollection(data, user.id, params.id);
        return seeOther("/collections");
      },
      { auth: "api", rateLimit: "collections", bodyLimit: "json", params: collectionParams, detail: { summary: "Deletes a collection (the form route)", responses: formRedirectAnswers(WRITE) } },
    )
    .post(
      "/collections/:id/items",
      async ({ request, user, data, params, body }) => {
        const collection = await requireOwnCollection(data, user.id, params.id);
        const result = await addItem(data, user.id, collection, body.render_id);
        return isFormPost(request) ? seeOther(collectionPath(collection.id)) : result;
      },
      { auth: "api", rateLimit: "collections", bodyLimit: "json", params: collectionParams, body: itemBody, response: jsonAnswers({ 200: itemAdded }, [...WRITE, 409]), detail: { summary: "Adds a render you may see (public, or your own) to your collection" } },
    )
    .delete(
      "/collections/:id/items/:renderId",
      async ({ user, data, params }) => removeItem(data, user.id, await requireOwnCollection(data, user.id, params.id), params.renderId),
      { auth: "api", rateLimit: "collections", bodyLimit: "json", params: itemParams, response: jsonAnswers({ 200: itemRemoved }, WRITE), detail: { summary: "Takes a render out of your collection" } },
    )
    .post(
      "/collections/:id/items/:renderId/remove",
      async ({ user, data, params }) => {
        await removeItem(data, user.id, await requireOwnCollection(data, user.id, params.id), params.renderId);
        return seeOther(collectionPath(params.id));
      },
      { auth: "api", rateLimit: "collections", bodyLimit: "json", params: itemParams, detail: { summary: "Takes a render out of your collection (the form route)", responses: formRedirectAnswers(WRITE) } },
    )
    .get(
      "/favourites/state",
      async ({ user, data, query, set }) => {
        set.headers["cache-control"] = "private, no-store";
        if (!user) return { signed_in: false, hearted: [] };
        const favourites = await findFavourites(data, user.id);
        return { signed_in: true, hearted: favourites ? await containedAmong(data, favourites.id, renderIdList(query.ids)) : [] };
      },
      {
        api: true,
        query: t.Object({ ids: t.Optional(textParam("ids", 200 * 40, "Comma-separated render ids (at most 200)")) }),
        response: jsonAnswers({ 200: heartState }, [400]),
        detail: { summary: "Which of these renders you have hearted (none when signed out)" },
      },
    )
    .post(
      "/favourites/:renderId",
      async ({ request, user, data, params }) => {
        const favourites = await favouritesOf(data, user.id);
        const result = await addItem(data, user.id, favourites, params.renderId);
        return isFormPost(request) ? seeOther(`/r/${params.renderId}`) : { ...result, hearted: true as const, collection: collectionJson(favourites) };
      },
      { auth: "api", rateLimit: "collections", bodyLimit: "json", params: renderParams, response: jsonAnswers({ 200: hearted }, [...WRITE, 409]), detail: { summary: "Hearts a render: adds it to your Favourites collection" } },
    )
    .delete(
      "/favourites/:renderId",
      async ({ user, data, params }) => {
        const favourites = await findFavourites(data, user.id);
        const result = favourites ? await removeItem(data, user.id, favourites, params.renderId) : { removed: false };
        return { ...result, hearted: false as const };
      },
      { auth: "api", rateLimit: "collections", bodyLimit: "json", params: renderParams, response: jsonAnswers({ 200: unhearted }, WRITE), detail: { summary: "Takes the heart off a render" } },
    )
    .get(
      "/c/:id",
      async ({ request, user, data, params, query, privatePage, set }) => {
        const collection = await findVisibleCollection(data, params.id, user?.id ?? null);
        if (!collection) throw collectionNotFound();
        const isOwner = user?.id === collection.user_id;
        // Others see what anyone may see; the owner also their own private renders.
        const viewerId = isOwner ? collection.user_id : null;
        const page = await viewableItems(data, collection.id, viewerId, PAGE_SIZE, query.before);
        const total = await viewableItemCount(data, collection.id, viewerId);
        if (prefersJson(request)) {
          set.headers["cache-control"] = "private, no-store";
          return { ...collectionJson(collection), total, renders: page.renders, next_before: page.nextBefore };
        }
        const html = renderCollectionPage({ collection, isOwner, renders: page.renders, total, nextBefore: page.nextBefore, cover: await publicCover(data, collection.id) });
        if (isOwner) return htmlAnswer(privatePage(html));
        // Shared pages may be kept, but always asked again: a collection made private stops showing at once.
        set.headers["cache-control"] = "no-cache";
        return htmlAnswer(new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }));
      },
      {
        params: collectionParams,
        query: t.Object({ before: t.Optional(integerParam("before", 1, Number.MAX_SAFE_INTEGER)) }),
        response: jsonAnswers({ 200: collectionPage }, [400, 404]),
        detail: { summary: "A collection's page (HTML, or JSON when asked): its owner always, anyone while it is public" },
      },
    )
    .get(
      "/c/:id/download",
      async ({ user, data, params }) => {
        const collection = await findVisibleCollection(data, params.id, user?.id ?? null);
        if (!collection) throw collectionNotFound();
        const viewer = user ? { id: user.id, unlocked: (await accountSummary(data, config, user.id)).unlocked } : null;
        const archive = await buildCollectionArchive(data, config, collection, viewer);
        return new Response(archive.stream(), {
          headers: {
            "content-type": "application/zip",
            "content-disposition": `attachment; filename="ai-gallery-collection-${collection.id}.zip"`,
            "content-length": String(archive.length),
            "cache-control": "private, no-store",
          },
        });
      },
      {
        rateLimit: "collections",
        params: collectionParams,
        detail: { summary: "A collection as a ZIP with manifest.csv and LICENSE: your renders (or all, once unlocked) at full resolution, the rest at web size" },
      },
    );
}
