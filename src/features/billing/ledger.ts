// The credit ledger is the truth for credits (balance = sum of deltas); spend and access derive from payments.
import { eq, sql } from "drizzle-orm";
import type { Config } from "../../config";
import { prepared, run, type Data, type Tables, type Tx } from "../../db/data";
import { HttpError } from "../../http/http-error";
import type { FailedRender } from "../../generation/queue";

export interface AccountSummary {
  credits: number;
  lifetime_spend_cents: number;
  unlocked: boolean;
  library_access: boolean;
}

/** The balance as a query: an integer on both databases (PostgreSQL sums integers to bigint, read as a string). */
function balanceQuery(db: Tx, { creditLedger }: Tables, userId: number) {
  return db
    .select({ n: sql<number>`CAST(coalesce(sum(${creditLedger.delta}), 0) AS integer)` })
    .from(creditLedger)
    .where(eq(creditLedger.userId, userId));
}

export async function creditBalance(data: Data, userId: number): Promise<number> {
  const [row] = await balanceQuery(data.db, data.tables, userId);
  return row!.n; // a sum always yields a row
}

// The three figures of an account in one statement: it runs on the account, studio, /me and library requests.
const summaryQuery = ({ db, tables: { users, creditLedger, payments } }: Data) => {
  const userId = sql.placeholder("userId");
  return db
    .select({
      credits: sql<number>`(SELECT CAST(coalesce(sum(${creditLedger.delta}), 0) AS integer) FROM ${creditLedger} WHERE ${creditLedger.userId} = ${userId})`,
      // Money kept: paid amounts less refunds; a disputed payment counts as nothing until resolved.
      spend: sql<number>`(SELECT CAST(coalesce(sum(${payments.amountCents} - ${payments.refundedCents}), 0) AS integer) FROM ${payments}
        WHERE ${payments.userId} = ${userId} AND ${payments.status} IN ('paid', 'refunded'))`,
      library: sql<unknown>`EXISTS (SELECT 1 FROM ${payments} WHERE ${payments.userId} = ${userId} AND ${payments.kind} = 'library' AND ${payments.status} = 'paid')`,
    })
    .from(users)
    .where(eq(users.id, userId))
    .prepare("account_summary");
};

export async function accountSummary(data: Data, config: Config, userId: number): Promise<AccountSummary> {
  const [row] = await prepared(data, summaryQuery).execute({ userId });
  const credits = row?.credits ?? 0;
  const spend = row?.spend ?? 0;
  const unlocked = spend >= config.billing.unlockThresholdCents;
  // EXISTS is 0/1 on SQLite and a boolean on PostgreSQL.
  return { credits, lifetime_spend_cents: spend, unlocked, library_access: unlocked || Boolean(Number(row?.library ?? 0)) };
}

export class InsufficientCreditsError extends HttpError {
  constructor(balance: number, cost: number) {
    super(402, `This costs ${cost} credits and you have ${balance}.`, { balance, cost });
  }
}

export interface Debit {
  userId: number;
  cost: number;
  reason: string;
  renderId?: string;
  matrixRunId?: string;
}

/**
 * Takes `cost` credits for work being queued: a step of the transaction body that also writes the renders it
 * pays for, so the balance check and the debit cannot race another request. Answers the balance left.
 */
export function* debitStep(tx: Tx, tables: Tables, debit: Debit) {
  const [{ n: balance }] = (yield* run(balanceQuery(tx, tables, debit.userId))) as [{ n: number }];
  if (balance < debit.cost) throw new InsufficientCreditsError(balance, debit.cost);
  if (debit.cost > 0) {
    const { creditLedger } = tables;
    yield* run(
      tx.insert(creditLedger).values({
        userId: debit.userId,
        delta: -debit.cost,
        reason: debit.reason,
        renderId: debit.renderId ?? null,
        matrixRunId: debit.matrixRunId ?? null,
      }),
    );
  }
  return balance - debit.cost;
}

/**
 * An admin's credit adjustment: one ledger row like every other change to a balance, refused (409) when it
 * would take the balance below zero. A step of the body that also records the admin's action.
 */
export function* adjustStep(tx: Tx, tables: Tables, adjustment: { userId: number; delta: number }) {
  const [{ n: balance }] = (yield* run(balanceQuery(tx, tables, adjustment.userId))) as [{ n: number }];
  if (balance + adjustment.delta < 0) {
    throw new HttpError(409, `That would leave ${balance + adjustment.delta} credits; the balance is ${balance}, so take at most ${balance}.`, { balance });
  }
  yield* run(tx.insert(tables.creditLedger).values({ userId: adjustment.userId, delta: adjustment.delta, reason: "admin_adjustment" }));
  return balance + adjustment.delta;
}

/**
 * The queue's settlement step: a paid render that failed for good gives its credits back, exactly once
 * (a unique index on refunds per render makes a second attempt a no-op).
 */
export function* refundStep(tx: Tx, tables: Tables, render: FailedRender) {
  if (!render.userId || render.costCredits <= 0) return;
  const { creditLedger } = tables;
  yield* run(
    tx
      .insert(creditLedger)
      .values({ userId: render.userId, delta: render.costCredits, reason: "render_refund", renderId: render.id, matrixRunId: render.matrixRunId })
      .onConflictDoNothing(),
  );
}
