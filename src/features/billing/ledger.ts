// The credit ledger is the truth for credits (balance = sum of deltas); spend and access derive from payments.
import type { Database } from "bun:sqlite";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import type { FailedRender } from "../../generation/queue";

export interface AccountSummary {
  credits: number;
  lifetime_spend_cents: number;
  unlocked: boolean;
  library_access: boolean;
}

export function creditBalance(sqlite: Database, userId: number): number {
  return sqlite.query<{ n: number }, [number]>("SELECT coalesce(sum(delta), 0) AS n FROM credit_ledger WHERE user_id = ?").get(userId)!.n; // a sum always yields a row
}

/** Money kept: paid amounts less refunds; a disputed payment counts as nothing until resolved. */
export function lifetimeSpendCents(sqlite: Database, userId: number): number {
  return sqlite
    .query<{ n: number }, [number]>(
      `SELECT coalesce(sum(amount_cents - refunded_cents), 0) AS n FROM payments
       WHERE user_id = ? AND status IN ('paid', 'refunded')`,
    )
    .get(userId)!.n; // a sum always yields a row
}

export function hasPaidLibrary(sqlite: Database, userId: number): boolean {
  return sqlite.query(`SELECT 1 FROM payments WHERE user_id = ? AND kind = 'library' AND status = 'paid' LIMIT 1`).get(userId) !== null;
}

export function accountSummary(sqlite: Database, config: Config, userId: number): AccountSummary {
  const spend = lifetimeSpendCents(sqlite, userId);
  const unlocked = spend >= config.billing.unlockThresholdCents;
  return {
    credits: creditBalance(sqlite, userId),
    lifetime_spend_cents: spend,
    unlocked,
    library_access: unlocked || hasPaidLibrary(sqlite, userId),
  };
}

export class InsufficientCreditsError extends HttpError {
  constructor(balance: number, cost: number) {
    super(402, `This costs ${cost} credits and you have ${balance}.`, { balance, cost });
  }
}

/**
 * Takes `cost` credits for work being queued. Must run inside the BEGIN IMMEDIATE transaction that also
 * writes the renders it pays for, so the balance check and the debit cannot race another request.
 */
export function debitCredits(
  sqlite: Database,
  debit: { userId: number; cost: number; reason: string; renderId?: string; matrixRunId?: string },
): number {
  if (!sqlite.inTransaction) throw new Error("debitCredits must run inside the transaction that queues the work");
  const balance = creditBalance(sqlite, debit.userId);
  if (balance < debit.cost) throw new InsufficientCreditsError(balance, debit.cost);
  if (debit.cost > 0) {
    sqlite
      .query("INSERT INTO credit_ledger (user_id, delta, reason, render_id, matrix_run_id) VALUES (?, ?, ?, ?, ?)")
      .run(debit.userId, -debit.cost, debit.reason, debit.renderId ?? null, debit.matrixRunId ?? null);
  }
  return balance - debit.cost;
}

/**
 * An admin's credit adjustment: one ledger row like every other change to a balance, refused (409) when it
 * would take the balance below zero. Must run inside the BEGIN IMMEDIATE transaction that records the action.
 */
export function adjustCredits(sqlite: Database, adjustment: { userId: number; delta: number }): number {
  if (!sqlite.inTransaction) throw new Error("adjustCredits must run inside the transaction that records the adjustment");
  const balance = creditBalance(sqlite, adjustment.userId);
  if (balance + adjustment.delta < 0) {
    throw new HttpError(409, `That would leave ${balance + adjustment.delta} credits; the balance is ${balance}, so take at most ${balance}.`, { balance });
  }
  sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, ?, 'admin_adjustment')").run(adjustment.userId, adjustment.delta);
  return balance + adjustment.delta;
}

/**
 * The queue's settlement hook: a paid render that failed for good gives its credits back, exactly once
 * (a unique index on refunds per render makes a second attempt a no-op).
 */
export function refundFailedRender(sqlite: Database, render: FailedRender): void {
  if (!render.userId || render.costCredits <= 0) return;
  sqlite
    .query(
      `INSERT INTO credit_ledger (user_id, delta, reason, render_id, matrix_run_id) VALUES (?, ?, 'render_refund', ?, ?)
       ON CONFLICT DO NOTHING`,
    )
    .run(render.userId, render.costCredits, render.id, render.matrixRunId);
}
