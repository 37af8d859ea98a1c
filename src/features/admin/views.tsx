// The moderation page (the queue: reported, flagged, newest, hidden, with hide/restore forms) and the audit log page.
import { htmlPage, Layout } from "../../ui/layout";
import { AdminNav, AuditTable, when } from "./admin-ui";
import type { AdminAction } from "./audit";
import type { ModerationQueue, QueueItem } from "./service";

function QueueRow({ item }: { item: QueueItem }): JSX.Element {
  const path = `/admin/renders/${encodeURIComponent(item.id)}`;
  return (
    <li class="flex gap-4 rounded-xl bg-neutral-900 p-3" data-render-id={item.id}>
      {item.thumb_path ? <img src={item.thumb_path} alt="" width="96" height="96" class="h-24 w-24 rounded object-cover" /> : <div class="h-24 w-24 rounded bg-neutral-800" />}
      <div class="min-w-0 flex-1 space-y-1 text-sm">
        <p>
          <a class="underline" href={`/r/${encodeURIComponent(item.id)}`} safe>
            {item.base_prompt}
          </a>{" "}
          — <span safe>{item.style_phrase}</span>
        </p>
        <p class="text-neutral-400">
          Owner: <span safe>{item.owner_email ?? "gallery"}</span> · <time safe>{when(item.created_at)}</time>
          {item.nsfw ? " · flagged NSFW" : ""}
        </p>
        {item.open_reports > 0 ? (
          <p class="text-amber-300">
            <span safe>{`${item.open_reports} open report${item.open_reports === 1 ? "" : "s"}`}</span>: <span safe>{item.report_reasons ?? ""}</span>
          </p>
        ) : null}
        {item.hidden_at !== null ? (
          <form method="post" action={`${path}/restore`} class="flex gap-2">
            <span class="text-neutral-400">
              Hidden <time safe>{when(item.hidden_at)}</time>: <span safe>{item.hidden_reason ?? ""}</span>
            </span>
            <button class="rounded bg-neutral-700 px-2 py-1">Restore</button>
          </form>
        ) : (
          <form method="post" action={`${path}/hide`} class="flex gap-2">
            <input name="reason" required maxlength="500" placeholder="Reason for hiding" aria-label="Reason for hiding" class="flex-1 rounded bg-neutral-800 px-2 py-1" />
            <button class="rounded bg-red-700 px-2 py-1">Hide</button>
          </form>
        )}
      </div>
    </li>
  );
}

function Section({ title, items, empty }: { title: string; items: QueueItem[]; empty: string }): JSX.Element {
  return (
    <section class="space-y-3">
      <h2 class="text-lg font-semibold" safe>
        {title}
      </h2>
      {items.length === 0 ? (
        <p class="text-neutral-400" safe>
          {empty}
        </p>
      ) : (
        <ul class="space-y-2">{items.map((item) => <QueueRow item={item} />)}</ul>
      )}
    </section>
  );
}

export function renderAdminPage(data: { queue: ModerationQueue; actions: AdminAction[] }): string {
  return htmlPage(
    <Layout title="Moderation" path="/admin">
      <div class="space-y-8">
        <AdminNav current="/admin" />
        <h1 class="text-2xl font-semibold">Moderation</h1>
        <Section title="Reported" items={data.queue.reported} empty="No open reports." />
        <Section title="Flagged NSFW" items={data.queue.flagged} empty="Nothing flagged." />
        <Section title="Newest public renders" items={data.queue.recent} empty="No public renders yet." />
        <Section title="Hidden" items={data.queue.hidden} empty="Nothing hidden." />
        <section class="space-y-3">
          <h2 class="text-lg font-semibold">Audit log</h2>
          <AuditTable actions={data.actions} />
        </section>
      </div>
    </Layout>,
  );
}

export function renderAuditPage(data: { actions: AdminAction[] }): string {
  return htmlPage(
    <Layout title="Audit log" path="/admin/audit">
      <div class="space-y-6">
        <AdminNav current="/admin/audit" />
        <h1 class="text-2xl font-semibold">Audit log</h1>
        <AuditTable actions={data.actions} />
      </div>
    </Layout>,
  );
}
