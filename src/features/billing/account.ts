// What the account page shows: the ledger history and the purchases of one user.
import type { Database } from "bun:sqlite";
import type { PaymentStatus } from "./payments";

export interface LedgerEntry {
  id: number;
  delta: number;
  reason: string;
  payment_id: string | null;
  render_id: string | null;
  matrix_run_id: string | null;
  created_at: number;
}

export interface Purchase {
  id: string;
  kind: "credits" | "library";
  product: string;
  amount_cents: number;
  credits: number;
  refunded_cents: number;
  status: PaymentStatus;
  created_at: number;
}

export function ledgerHistory(sqlite: Database, userId: number, limit = 100): LedgerEntry[] {
  return sqlite
    .query(
      `SELECT id, delta, reason, payment_id, render_id, matrix_run_id, created_at FROM credit_ledger
       WHERE user_id = ? ORDER BY id DESC LIMIT ?`,
    )
    .all(userId, limit) as LedgerEntry[];
}

/** Purchases that reached Stripe's payment step; checkouts opened and abandoned are left out. */
export function purchaseHistory(sqlite: Database, userId: number): Purchase[] {
  return sqlite
    .query(
      `SELECT id, kind, product, amount_cents, credits, refunded_cents, status, created_at FROM payments
       WHERE user_id = ? AND (status <> 'pending' OR payment_intent_id IS NOT NULL) ORDER BY created_at DESC, id`,
    )
    .all(userId) as Purchase[];
}
