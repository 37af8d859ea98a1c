// Admin routes (/admin, admins only; everyone else gets 404 from the `auth: "admin"` macro): moderation,
// curation, money, jobs and the audit log; and visitors' reports of renders. Every admin POST is validated
// (model.ts) and writes the audit log in the transaction that does the work.
import { Elysia, t } from "elysia";
import type { Config } from "../../config";
import type { GenerationEngine } from "../../generation/engine";
import type { RenderQueue } from "../../generation/queue";
import { htmlPages } from "../../http/html";
import { HttpError } from "../../http/http-error";
import { isFormPost, seeOther } from "../../http/negotiate";
import { BODY_ERRORS, jsonAnswers } from "../../http/responses";
import { clientAddress } from "../../http/rate-limit";
import type { setupPlugin } from "../../http/setup";
import { authPlugin } from "../auth/plugin";
import type { StripeServices } from "../billing/stripe-services";
import { recentAdminActions } from "./audit";
import { curateRender, curatedSet, curationStyles, featureStyle, moveCurated, uncurateRender, unfeatureStyle } from "./curation";
import { renderCurationPage } from "./curation-views";
import { cancelRunAsAdmin, liveQueue, retryJob } from "./jobs";
import { renderJobsPage } from "./jobs-views";
import {
  creditsBody,
  hideBody,
  moveBody,
  optionalReasonBody,
  renderIdParams,
  reportBody,
  runIdParams,
  styleParams,
  userIdParams,
  usersQuery,
} from "./model";
import { adjustUserCredits, findUsers, userMoney } from "./money";
import { renderUserMoneyPage, renderUsersPage } from "./money-views";
import { hideRender, ModerationError, moderationQueue, reportRender, restoreRender } from "./service";
import { renderReported } from "./responses";
import { renderAdminPage, renderAuditPage } from "./views";

async function moderate<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ModerationError) throw new HttpError(error.status, error.message);
    throw error;
  }
}

/** An optional reason, trimmed; empty means none. */
function reasonOf(body: { reason?: string }): string | null {
  return body.reason?.trim() || null;
}

export interface AdminDeps {
  queue: RenderQueue;
  engine?: GenerationEngine;
  stripe: StripeServices;
}

export function adminFeature(setup: ReturnType<typeof setupPlugin>, config: Config, deps: AdminDeps) {
  const { queue, engine, stripe } = deps;
  // A form post comes back to the page it was sent from; a JSON client gets the outcome.
  const answer = (request: Request, redirect: (url: string, status: 303) => Response, page: string, json: Record<string, unknown>) =>
    isFormPost(request) ? redirect(page, 303) : json;
  const admin = { auth: "admin" as const, bodyLimit: "json" as const };

  return new Elysia({ name: "admin" })
    .use(setup)
    .use(authPlugin(setup, config))
    .use(htmlPages)
    .get("/admin", async ({ data, privatePage }) => privatePage(renderAdminPage({ queue: await moderationQueue(data), actions: await recentAdminActions(data, 20) })), {
      auth: "admin",
      detail: { summary: "Moderation queue (admins only)" },
    })
    .post(
      "/admin/renders/:id/hide",
      async ({ request, params, body, data, user, redirect }) => {
        await moderate(() => hideRender(data, user.id, params.id, body.reason.trim()));
        return answer(request, redirect, "/admin", { id: params.id, hidden: true });
      },
      { ...admin, params: renderIdParams, body: hideBody, detail: { summary: "Hides a render from everyone but its owner (admins only; reason required)" } },
    )
    .post(
      "/admin/renders/:id/restore",
      async ({ request, params, body, data, user, redirect }) => {
        await moderate(() => restoreRender(data, user.id, params.id, reasonOf(body)));
        return answer(request, redirect, "/admin", { id: params.id, hidden: false });
      },
      { ...admin, params: renderIdParams, body: optionalReasonBody, detail: { summary: "Brings a hidden render back (admins only)" } },
    )
    .get("/admin/curation", async ({ data, privatePage }) => privatePage(renderCurationPage({ curated: await curatedSet(data), styles: await curationStyles(data) })), {
      auth: "admin",
      detail: { summary: "The home page's curated set and featured style (admins only)" },
    })
    .post(
      "/admin/curated",
      async ({ request, body, data, user, redirect }) => {
        await curateRender(data, user.id, body.id.trim(), reasonOf(body));
        return answer(request, redirect, "/admin/curation", { id: body.id.trim(), curated: true });
      },
      {
        ...admin,
        body: t.Object({ id: renderIdParams.properties.id, reason: optionalReasonBody.properties.reason }),
        detail: { summary: "Adds a public render at the end of the home page's curated set (admins only)" },
      },
    )
    .post(
      "/admin/curated/:id/move",
      async ({ request, params, body, data, user, redirect }) => {
        await moveCurated(data, user.id, params.id, body.direction);
        return answer(request, redirect, "/admin/curation", { id: params.id, moved: body.direction });
      },
      { ...admin, params: renderIdParams, body: moveBody, detail: { summary: "Moves a curated render one place up or down (admins only)" } },
    )
    .post(
      "/admin/curated/:id/remove",
      async ({ request, params, body, data, user, redirect }) => {
        await uncurateRender(data, user.id, params.id, reasonOf(body));
        return answer(request, redirect, "/admin/curation", { id: params.id, curated: false });
      },
      { ...admin, params: renderIdParams, body: optionalReasonBody, detail: { summary: "Takes a render out of the curated set (admins only)" } },
    )
    .post(
      "/admin/styles/:slug/feature",
      async ({ request, params, body, data, user, redirect }) => {
        await featureStyle(data, user.id, params.slug, reasonOf(body));
        return answer(request, redirect, "/admin/curation", { slug: params.slug, featured: true });
      },
      { ...admin, params: styleParams, body: optionalReasonBody, detail: { summary: "Features a style on the home page, replacing any other (admins only)" } },
    )
    .post(
      "/admin/styles/unfeature",
      async ({ request, body, data, user, redirect }) => {
        await unfeatureStyle(data, user.id, reasonOf(body));
        return answer(request, redirect, "/admin/curation", { featured: null });
      },
      { ...admin, body: optionalReasonBody, detail: { summary: "Stops featuring the featured style (admins only)" } },
    )
    .get("/admin/users", async ({ query, data, privatePage }) => privatePage(renderUsersPage({ q: query.q?.trim() ?? "", users: await findUsers(data, query.q?.trim() ?? "") })), {
      auth: "admin",
      query: usersQuery,
      detail: { summary: "Finds users by email (admins only)" },
    })
    .get(
      "/admin/users/:id",
      async ({ params, data, privatePage }) => {
        const money = await userMoney(data, config, params.id);
        if (!money) throw new HttpError(404, "No user has that id.");
        return privatePage(renderUserMoneyPage(money));
      },
      { auth: "admin", params: userIdParams, detail: { summary: "A user's balance, ledger, payments and refunds (admins only)" } },
    )
    .post(
      "/admin/users/:id/credits",
      async ({ request, params, body, data, user, redirect }) => {
        if (body.delta === 0) throw new HttpError(400, "delta must not be 0: an adjustment adds or takes credits.");
        const balance = await adjustUserCredits(data, user.id, params.id, body.delta, body.reason.trim());
        stripe.mirror.schedule(data, params.id);
        return answer(request, redirect, `/admin/users/${params.id}`, { user_id: params.id, delta: body.delta, credits: balance });
      },
      {
        ...admin,
        params: userIdParams,
        body: creditsBody,
        detail: { summary: "Adds or takes credits through the ledger, never below zero; mirrored to Stripe (admins only; reason required)" },
      },
    )
    .get(
      "/admin/jobs",
      async ({ data, privatePage }) => privatePage(renderJobsPage(await liveQueue(data, config, queue.settings, engine?.health))),
      { auth: "admin", detail: { summary: "The live queue, failures of the last day and each model's state (admins only)" } },
    )
    .post(
      "/admin/jobs/:id/retry",
      async ({ request, params, body, data, user, redirect }) => {
        await retryJob(data, queue, config, engine?.health, user.id, params.id, reasonOf(body));
        engine?.pool.wake();
        return answer(request, redirect, "/admin/jobs", { id: params.id, status: "pending" });
      },
      { ...admin, params: renderIdParams, body: optionalReasonBody, detail: { summary: "Puts a failed render back in the queue, charging nothing (admins only)" } },
    )
    .post(
      "/admin/runs/:id/cancel",
      async ({ request, params, body, data, user, redirect }) => {
        const result = await cancelRunAsAdmin(data, queue, user.id, params.id, reasonOf(body));
        return answer(request, redirect, "/admin/jobs", { id: params.id, ...result });
      },
      { ...admin, params: runIdParams, body: optionalReasonBody, detail: { summary: "Cancels anyone's matrix run; cells not started are refunded (admins only)" } },
    )
    .get("/admin/audit", async ({ data, privatePage }) => privatePage(renderAuditPage({ actions: await recentAdminActions(data, 500) })), {
      auth: "admin",
      detail: { summary: "Every admin action: who, what, when, why (admins only)" },
    })
    .post(
      "/render/:id/report",
      async ({ request, server, params, body, data, user, set }) => {
        const key = user ? `user:${user.id}` : `ip:${clientAddress(server, request, config.trustedProxies)}`;
        const created = await moderate(() => reportRender(data, params.id, { key, userId: user?.id ?? null }, body.reason));
        if (isFormPost(request)) return seeOther(`/r/${encodeURIComponent(params.id)}?reported=1`);
        set.status = created ? 201 : 200;
        return { id: params.id, reported: true as const, already_reported: !created };
      },
      {
        rateLimit: "report",
        bodyLimit: "json",
        params: renderIdParams,
        body: reportBody,
        response: jsonAnswers({ 200: renderReported, 201: renderReported }, [...BODY_ERRORS, 404, 429]),
        detail: { summary: "Reports a public render (spam, nsfw, copyright, other); one open report per visitor" },
      },
    );
}
