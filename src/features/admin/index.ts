// Admin routes (/admin, admins only; everyone else gets 404) and visitors' reports of renders.
import { Elysia, t } from "elysia";
import type { Config } from "../../config";
import { htmlPages } from "../../http/html";
import { HttpError } from "../../http/http-error";
import { isFormPost } from "../../http/negotiate";
import { clientAddress } from "../../http/rate-limit";
import type { setupPlugin } from "../../http/setup";
import { authPlugin } from "../auth/plugin";
import { hideRender, ModerationError, moderationQueue, recentAdminActions, REPORT_REASONS, reportRender, restoreRender } from "./service";
import { renderAdminPage } from "./views";

const idParams = t.Object({ id: t.String({ maxLength: 64, error: "id must be a render id" }) });
const hideBody = t.Object({
  reason: t.String({ minLength: 1, maxLength: 500, pattern: "\\S", error: "reason must be given, as text of at most 500 characters" }),
});
const restoreBody = t.Object({ reason: t.Optional(t.String({ maxLength: 500, error: "reason must be text of at most 500 characters" })) });
const reportBody = t.Object({
  reason: t.UnionEnum(REPORT_REASONS, { error: `reason must be one of ${REPORT_REASONS.join(", ")}` }),
});

function moderate(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof ModerationError) throw new HttpError(error.status, error.message);
    throw error;
  }
}

export function adminFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "admin" })
    .use(setup)
    .use(authPlugin(setup, config))
    .use(htmlPages)
    .get("/admin", ({ sqlite, privatePage }) => privatePage(renderAdminPage({ queue: moderationQueue(sqlite), actions: recentAdminActions(sqlite) })), {
      auth: "admin",
      detail: { summary: "Moderation queue and audit log (admins only)" },
    })
    .post(
      "/admin/renders/:id/hide",
      ({ request, params, body, sqlite, user, redirect }) => {
        moderate(() => hideRender(sqlite, user.id, params.id, body.reason.trim()));
        return isFormPost(request) ? redirect("/admin", 303) : { id: params.id, hidden: true };
      },
      { auth: "admin", bodyLimit: "json", params: idParams, body: hideBody, detail: { summary: "Hides a render from everyone but its owner (admins only; reason required)" } },
    )
    .post(
      "/admin/renders/:id/restore",
      ({ request, params, body, sqlite, user, redirect }) => {
        moderate(() => restoreRender(sqlite, user.id, params.id, body.reason?.trim() || null));
        return isFormPost(request) ? redirect("/admin", 303) : { id: params.id, hidden: false };
      },
      { auth: "admin", bodyLimit: "json", params: idParams, body: restoreBody, detail: { summary: "Brings a hidden render back (admins only)" } },
    )
    .post(
      "/render/:id/report",
      ({ request, server, params, body, sqlite, user, redirect, set }) => {
        const key = user ? `user:${user.id}` : `ip:${clientAddress(server, request, config.trustedProxies)}`;
        let created = false;
        moderate(() => (created = reportRender(sqlite, params.id, { key, userId: user?.id ?? null }, body.reason)));
        if (isFormPost(request)) return redirect(`/r/${encodeURIComponent(params.id)}?reported=1`, 303);
        set.status = created ? 201 : 200;
        return { id: params.id, reported: true, already_reported: !created };
      },
      { rateLimit: "report", bodyLimit: "json", params: idParams, body: reportBody, detail: { summary: "Reports a public render (spam, nsfw, copyright, other); one open report per visitor" } },
    );
}
