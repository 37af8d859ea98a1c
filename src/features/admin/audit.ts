// The audit log: every admin action (who, what, on what, why, when) is written here in the action's own
// transaction, so nothing an admin does is silent and nothing is logged that did not happen.
import { desc, eq } from "drizzle-orm";
import { run, type Data, type Tables, type Tx } from "../../db/data";
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

/** A step of the transaction body that does the work, so the log holds exactly what happened. */
export function* recordAdminActionStep(tx: Tx, { adminActions }: Tables, adminId: number, action: AdminActionName, targetId: string, reason: string | null) {
  yield* run(tx.insert(adminActions).values({ adminId, action, targetId, reason }));
}

export type AdminAction = RawRow<typeof adminActions, "id" | "action" | "target_id" | "reason" | "created_at"> & {
  admin_email: RawRow<typeof users, "email">["email"];
};

export async function recentAdminActions(data: Data, limit = 100): Promise<AdminAction[]> {
  const { adminActions, users } = data.tables;
  return data.db
    .select({
      id: adminActions.id,
      admin_email: users.email,
      action: adminActions.action,
      target_id: adminActions.targetId,
      reason: adminActions.reason,
      created_at: adminActions.createdAt,
    })
    .from(adminActions)
    .innerJoin(users, eq(users.id, adminActions.adminId))
    .orderBy(desc(adminActions.id))
    .limit(limit);
}
