// What the account page shows: the ledger history and the purchases of one user.
import type { Database } from "bun:sqlite";
import type { RawRow } from "../../db/raw-row";
import type { creditLedger, payments } from "../../db/schema";

// A line may sum a group of ledger rows (MAX/SUM of a column keep that column's type, over a non-empty group).
export type LedgerEntry = RawRow<typeof creditLedger, "id" | "delta" | "reason" | "payment_id" | "render_id" | "matrix_run_id" | "created_at"> & {
  /** How many refunded cells one line stands for (a run's refunds are one line). */
  cells?: number;
};

export type Purchase = RawRow<typeof payments, "id" | "kind" | "product" | "amount_cents" | "credits" | "refunded_cents" | "status" | "created_at">;

/**
 * The credit history, newest first. A run's cell refunds (a cancel refunds many at once) read as one line with
 * their sum and count; every other movement is its own line. The ledger itself keeps one row per cell.
 */
export function ledgerHistory(sqlite: Database, userId: number, limit = 100): LedgerEntry[] {
  return sqlite
    .query<LedgerEntry, [number, number]>(
      `SELECT MAX(id) AS id, SUM(delta) AS delta, reason, payment_id, MAX(render_id) AS render_id, matrix_run_id,
              MAX(created_at) AS created_at, COUNT(*) AS cells
       FROM credit_ledger
       WHERE user_id = ?
       GROUP BY CASE WHEN reason = 'render_refund' AND matrix_run_id IS NOT NULL THEN 'run:' || matrix_run_id ELSE 'row:' || id END
       ORDER BY MAX(id) DESC LIMIT ?`,
    )
    .all(userId, limit);
}

/** Purchases that reached Stripe's payment step; checkouts opened and abandoned are left out. */
export function purchaseHistory(sqlite: Database, userId: number): Purchase[] {
  return sqlite
    .query<Purchase, [number]>(
      `SELECT id, kind, product, amount_cents, credits, refunded_cents, status, created_at FROM payments
       WHERE user_id = ? AND (status <> 'pending' OR payment_intent_id IS NOT NULL) ORDER BY created_at DESC, id`,
    )
    .all(userId);
}
