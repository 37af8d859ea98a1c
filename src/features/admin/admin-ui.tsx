// Pieces every admin page shares: the section links, times, the audit table and the small reason form.
import type { AdminAction } from "./audit";

export function when(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 16);
}

const SECTIONS = [
  ["/admin", "Moderation"],
  ["/admin/curation", "Curation"],
  ["/admin/users", "Money"],
  ["/admin/jobs", "Jobs"],
  ["/admin/audit", "Audit log"],
] as const;

export function AdminNav({ current }: { current: string }): JSX.Element {
  return (
    <nav aria-label="Admin sections" class="mb-6 flex flex-wrap gap-2 text-sm">
      {SECTIONS.map(([href, label]) => (
        <a href={href} class={`rounded px-3 py-1 ${href === current ? "bg-amber-300 text-neutral-950" : "bg-neutral-800 hover:bg-neutral-700"}`} aria-current={href === current ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

export function AuditTable({ actions }: { actions: AdminAction[] }): JSX.Element {
  return (
    <table class="w-full text-left text-sm" id="audit-log">
      <thead>
        <tr>
          <th>When</th>
          <th>Admin</th>
          <th>Action</th>
          <th>Target</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {actions.map((action) => (
          <tr>
            <td safe>{when(action.created_at)}</td>
            <td safe>{action.admin_email}</td>
            <td safe>{action.action}</td>
            <td safe>{action.target_id}</td>
            <td safe>{action.reason ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A one-button admin action with an optional (or required) reason field. */
export function ActionForm(props: { action: string; label: string; reason?: "optional" | "required"; fields?: Record<string, string>; danger?: boolean }): JSX.Element {
  return (
    <form method="post" action={props.action} class="flex flex-wrap items-center gap-2">
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {props.reason ? (
        <input
          name="reason"
          maxlength="500"
          required={props.reason === "required"}
          placeholder={props.reason === "required" ? "Reason" : "Reason (optional)"}
          aria-label="Reason"
          class="min-w-0 flex-1 rounded bg-neutral-800 px-2 py-1"
        />
      ) : (
        ""
      )}
      <button class={`rounded px-2 py-1 ${props.danger ? "bg-red-700" : "bg-neutral-700"}`} safe>
        {props.label}
      </button>
    </form>
  );
}
