// Studio routes (signed in): upload a photo, apply a style, run a matrix, cancel it; the studio pages.
import { Elysia, t } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import { htmlPages } from "../../http/html";
import { isFormPost, seeOther } from "../../http/negotiate";
import { BODY_ERRORS, jsonAnswers } from "../../http/responses";
import { integerParam, textParam } from "../../http/params";
import type { setupPlugin } from "../../http/setup";
import type { GenerationEngine } from "../../generation/engine";
import type { RenderQueue } from "../../generation/queue";
import { offeredModels } from "../../generation/models/availability";
import { createImageStore } from "../../storage";
import { authPlugin } from "../auth/plugin";
import { accountSummary } from "../billing/ledger";
import { listStyles, matrixRunRenders } from "../gallery/service";
import { BASE_PROMPT_MAX_LENGTH, STYLE_PHRASE_MAX_LENGTH } from "../../domain/style-phrase";
import { applyStyleBody, listItems, matrixBody } from "./model";
import { applyStyle, cancelMatrixRun, groupedRenderHistory, startMatrixRun } from "./service";
import { findOwnUpload, storeUpload } from "./uploads";
import { findOwnMatrixRun } from "./runs";
import { findOwnRestyles, restyleResultsPath } from "./restyles";
import { matrixStarted, runCancelled, storedUpload, styleApplied } from "./responses";
import { renderMatrixRunPage, renderRestyleResultsPage, renderStudioPage } from "./views";
import { MATRIX_LIMITS } from "./service";
import { subscribeWebhook } from "../webhooks/events";
import { listDeliveries } from "../webhooks/deliveries";
import { checkWebhookUrl } from "../webhooks/target";



export function studioFeature(setup: ReturnType<typeof setupPlugin>, config: Config, queue: RenderQueue, engine?: GenerationEngine) {
  const store = createImageStore(config.storage);
  return new Elysia({ name: "studio" })
    .use(authPlugin(setup, config))
    .use(htmlPages)
    .get(
      "/studio",
      async ({ user, data, query, privatePage }) => {
        const models = offeredModels(config, engine?.health);
        const account = await accountSummary(data, config, user.id);
        return privatePage(
          renderStudioPage({
            account,
            email: user.email,
            imageModels: models.filter((model) => model.capabilities.image_to_image),
            textModels: models.filter((model) => model.capabilities.text_to_image),
            styles: (await listStyles(data)).slice(0, 200),
            history: await groupedRenderHistory(data, user.id, query.history_page ?? 1),
            presetStyle: query.style ?? "",
            presetPrompt: query.prompt ?? "",
          }),
        );
      },
      {
        auth: "page",
        query: t.Object({
          style: t.Optional(textParam("style", STYLE_PHRASE_MAX_LENGTH)),
          prompt: t.Optional(textParam("prompt", 400)),
          history_page: t.Optional(integerParam("history_page", 1, 100_000)),
        }),
        detail: { summary: "The studio (HTML, signed in); ?style= and ?prompt= prefill its forms" },
      },
    )
    .get(
      "/studio/runs/:id",
      async ({ user, data, params, privatePage }) => {
        const run = await findOwnMatrixRun(data, user.id, params.id);
        if (!run) throw new HttpError(404, "That matrix run doesn’t exist or isn’t yours.");
        const deliveries = await listDeliveries(data, user.id, "matrix_run", run.id);
        return privatePage(renderMatrixRunPage({ run, renders: await matrixRunRenders(data, run.id), deliveries }));
      },
      { auth: "page", params: t.Object({ id: textParam("id", 64) }), detail: { summary: "A matrix run filling in live (HTML)" } },
    )
    .get(
      "/studio/restyles",
      async ({ user, data, query, privatePage }) => {
        const ids = [...new Set(listItems(query.ids, { separator: /,/ }))];
        if (ids.length === 0 || ids.length > MATRIX_LIMITS.models) throw new HttpError(400, `ids must name 1 to ${MATRIX_LIMITS.models} renders, separated by commas.`);
        const results = await findOwnRestyles(data, user.id, ids);
        if (results.length !== ids.length) throw new HttpError(404, "Those results don’t exist or aren’t yours.");
        return privatePage(renderRestyleResultsPage({ results }));
      },
      {
        auth: "page",
        query: t.Object({ ids: textParam("ids", 400, "The restyles' render ids, separated by commas") }),
        detail: { summary: "A photo restyled on several models: every result with its before/after (HTML)" },
      },
    )
    .post(
      "/upload",
      async ({ user, data, body }) => {
        const file = body.file;
        if (!(file instanceof Blob)) throw new HttpError(400, "Send the photo as the multipart field `file`.");
        return storeUpload(data, config, user.id, new Uint8Array(await file.arrayBuffer()));
      },
      {
        auth: "api",
        rateLimit: "upload",
        bodyLimit: "upload",
        body: t.Object({ file: t.Any() }, { error: "Send the photo as the multipart field `file`." }),
        response: jsonAnswers({ 200: storedUpload }, [...BODY_ERRORS, 401, 429]),
        detail: { summary: "Uploads a photo (multipart field `file`): JPEG, PNG or WebP; private to you" },
      },
    )
    .get(
      "/uploads/:id",
      async ({ user, data, params }) => {
        const upload = user ? await findOwnUpload(data, user.id, params.id) : null;
        if (!upload) throw new HttpError(404, "Not found");
        const stored = await store.stat(upload.path);
        if (!stored) throw new HttpError(404, "Not found");
        return new Response(store.responseBody(upload.path), {
          headers: {
            "content-type": "image/webp",
            "cache-control": "private, max-age=3600",
            "x-content-type-options": "nosniff",
          },
        });
      },
      { params: t.Object({ id: textParam("id", 64) }), detail: { summary: "One of your uploads (404 to anyone else)" } },
    )
    .post(
      "/apply-style",
      async ({ request, user, data, body }) => {
        const webhookUrl = body.webhook_url ? await checkWebhookUrl(body.webhook_url, config) : null;
        const upload = await findOwnUpload(data, user.id, body.upload_id);
        if (!upload) throw new HttpError(404, "Upload not found");
        const modelKeys = [...listItems(body.model_keys, { separator: /[\r\n,]+/ }), ...(body.model_key ? [body.model_key] : [])];
        const result = await applyStyle(data, config, user.id, { upload, stylePhrase: body.style_phrase, modelKeys, strength: body.strength ?? 0.6 }, engine?.health);
        // Before the pool wakes, so no render can settle unsubscribed.
        if (webhookUrl) await subscribeWebhook(data, user.id, "render", result.renders.map((render) => render.id), webhookUrl);
        engine?.pool.wake();
        if (!isFormPost(request)) return result;
        const ids = result.renders.map((render) => render.id);
        return seeOther(ids.length === 1 ? `/r/${ids[0]}` : restyleResultsPath(ids));
      },
      {
        auth: "api",
        rateLimit: "generation",
        bodyLimit: "json",
        body: applyStyleBody,
        response: jsonAnswers({ 200: styleApplied }, [...BODY_ERRORS, 401, 402, 404, 429]),
        detail: { summary: "Applies a style to your upload with one or more models (costs credits)" },
      },
    )
    .post(
      "/matrix",
      async ({ request, user, data, body }) => {
        const webhookUrl = body.webhook_url ? await checkWebhookUrl(body.webhook_url, config) : null;
        const result = await startMatrixRun(data, config, user.id, {
          basePrompts: listItems(body.base_prompts, { name: "base_prompts", maxLength: BASE_PROMPT_MAX_LENGTH }),
          stylePhrases: listItems(body.style_phrases, { name: "style_phrases", maxLength: STYLE_PHRASE_MAX_LENGTH }),
          modelKeys: listItems(body.model_keys, { separator: /[\r\n,]+/ }),
          visibility: body.visibility ?? "public",
        }, engine?.health);
        if (webhookUrl) await subscribeWebhook(data, user.id, "matrix_run", [result.matrix_run_id], webhookUrl);
        engine?.pool.wake();
        if (isFormPost(request)) return seeOther(`/studio/runs/${result.matrix_run_id}`);
        return { ...result, events: `/matrix/${result.matrix_run_id}/events` };
      },
      {
        auth: "api",
        rateLimit: "generation",
        bodyLimit: "json",
        body: matrixBody,
        response: jsonAnswers({ 200: matrixStarted }, [...BODY_ERRORS, 401, 402, 429]),
        detail: { summary: "Starts a matrix run: base prompts × style phrases × models (costs credits)" },
      },
    )
    .post(
      "/matrix/:id/cancel",
      async ({ request, user, params }) => {
        const result = await cancelMatrixRun(queue, user.id, params.id);
        return isFormPost(request) ? seeOther(`/studio/runs/${params.id}`) : result;
      },
      {
        auth: "api",
        bodyLimit: "json",
        params: t.Object({ id: textParam("id", 64) }),
        response: jsonAnswers({ 200: runCancelled }, [...BODY_ERRORS, 401, 404]),
        detail: { summary: "Cancels the cells not yet started and refunds them" },
      },
    );
}
