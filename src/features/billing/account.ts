// What the account page shows: the ledger history and the purchases of one user.
import { and, desc, eq, isNotNull, max, ne, or, sql } from "drizzle-orm";
import type { Data } from "../../db/data";
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
export async function ledgerHistory({ db, tables: { creditLedger: l } }: Data, userId: number, limit = 100): Promise<LedgerEntry[]> {
  const line = sql`CASE WHEN ${l.reason} = 'render_refund' AND ${l.matrixRunId} IS NOT NULL THEN 'run:' || ${l.matrixRunId} ELSE 'row:' || ${l.id} END`;
  // Within a line reason, payment and run are one value: max() names it for PostgreSQL, which wants every
  // selected column grouped or aggregated.
  const rows = await db
    .select({
      id: max(l.id),
      delta: sql<number>`CAST(sum(${l.delta}) AS integer)`,
      reason: max(l.reason),
      payment_id: max(l.paymentId),
      render_id: max(l.renderId),
      matrix_run_id: max(l.matrixRunId),
      created_at: max(l.createdAt),
      cells: sql<number>`CAST(count(*) AS integer)`,
    })
    .from(l)
    .where(eq(l.userId, userId))
    .groupBy(line)
    .orderBy(desc(max(l.id)))
    .limit(limit);
  return rows as LedgerEntry[]; // every group has a row, so each max() is set
}

/** Purchases that reached Stripe's payment step; checkouts opened and abandoned are left out. */
export async function purchaseHistory({ db, tables: { payments: p } }: Data, userId: number): Promise<Purchase[]> {
  return db
    .select({
      id: p.id,
      kind: p.kind,
      product: p.product,
      amount_cents: p.amountCents,
      credits: p.credits,
      refunded_cents: p.refundedCents,
      status: p.status,
      created_at: p.createdAt,
    })
    .from(p)
    .where(and(eq(p.userId, userId), or(ne(p.status, "pending"), isNotNull(p.paymentIntentId))))
    .orderBy(desc(p.createdAt), p.id);
}
