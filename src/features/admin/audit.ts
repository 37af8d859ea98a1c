// The audit log: every admin action (who, what, on what, why, when) is written here in the action's own
// transaction, so nothing an admin does is silent and nothing is logged that did not happen.
import type { Database } from "bun:sqlite";
import type { RawRow } from "../../db/raw-row";
import type { adminActions, users } from "../../db/schema";

/** What an admin did; the target's kind follows from the action (a render, a user, a style, a job, a run). */
export type AdminActionName =
  | "hide"
  | "restore"
  | "curate"
  | "uncurate"
  | "curate_move"
  | "feature_style"
  | "unfeature_style"
  | "credits"
  | "job_retry"
  | "run_cancel";

export function recordAdminAction(sqlite: Database, adminId: number, action: AdminActionName, targetId: string, reason: string | null): void {
  sqlite.query("INSERT INTO admin_actions (admin_id, action, target_id, reason) VALUES (?, ?, ?, ?)").run(adminId, action, targetId, reason);
}

export type AdminAction = RawRow<typeof adminActions, "id" | "action" | "target_id" | "reason" | "created_at"> & {
  admin_email: RawRow<typeof users, "email">["email"];
};

export function recentAdminActions(sqlite: Database, limit = 100): AdminAction[] {
  return sqlite
    .query<AdminAction, [number]>(
      `SELECT a.id, u.email AS admin_email, a.action, a.target_id, a.reason, a.created_at
       FROM admin_actions a JOIN users u ON u.id = a.admin_id ORDER BY a.id DESC LIMIT ?`,
    )
    .all(limit);
}
