// Money as an admin sees it: finding a user, their balance, ledger, payments and refunds, and a credit
// adjustment that goes through the same ledger as everything else and is mirrored to Stripe like any change.
import { desc, eq, sql } from "drizzle-orm";
import type { Config } from "../../config";
import { run, transaction, type Data, type Tables } from "../../db/data";
import type { RawRow } from "../../db/raw-row";
import type { users } from "../../db/schema";
import { HttpError } from "../../http/http-error";
import { ledgerHistory, purchaseHistory, type LedgerEntry, type Purchase } from "../billing/account";
import { accountSummary, adjustStep, type AccountSummary } from "../billing/ledger";

export type AdminUser = RawRow<typeof users, "id" | "email" | "stripe_customer_id" | "created_at"> & { is_admin: boolean };

function userColumns({ users }: Tables) {
  return { id: users.id, email: users.email, is_admin: users.isAdmin, stripe_customer_id: users.stripeCustomerId, created_at: users.createdAt };
}

/** Users whose email holds `q`, in any case (all of the newest when empty). */
export async function findUsers(data: Data, q: string, limit = 50): Promise<AdminUser[]> {
  const { users } = data.tables;
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return data.db
    .select(userColumns(data.tables))
    .from(users)
    .where(sql`lower(${users.email}) LIKE ${pattern} ESCAPE '\\'`)
    .orderBy(desc(users.id))
    .limit(limit);
}

export interface UserMoney {
  user: AdminUser;
  summary: AccountSummary;
  ledger: LedgerEntry[];
  payments: Purchase[];
  /** Payments with money given back (refunded in part or whole) or disputed. */
  refunds: Purchase[];
}

export async function userMoney(data: Data, config: Config, userId: number): Promise<UserMoney | null> {
  const { users } = data.tables;
  const [user] = await data.db.select(userColumns(data.tables)).from(users).where(eq(users.id, userId));
  if (!user) return null;
  const payments = await purchaseHistory(data, userId);
  return {
    user,
    summary: await accountSummary(data, config, userId),
    ledger: await ledgerHistory(data, userId, 200),
    payments,
    refunds: payments.filter((payment) => payment.refunded_cents > 0 || payment.status === "refunded" || payment.status === "disputed"),
  };
}

/** Adds (or with a negative delta takes) credits; returns the new balance. The caller mirrors it to Stripe. */
export function adjustUserCredits(data: Data, adminId: number, userId: number, delta: number, reason: string): Promise<number> {
  const { users, adminActions } = data.tables;
  return transaction(data, function* (tx) {
    const [user] = yield* run(tx.select({ id: users.id }).from(users).where(eq(users.id, userId)));
    if (!user) throw new HttpError(404, "No user has that id.");
    const balance = yield* adjustStep(tx, data.tables, { userId, delta });
    // The audit row of this action, in its own transaction (as admin/audit.ts's recordAdminAction writes it).
    const note = `${delta > 0 ? "+" : ""}${delta}: ${reason}`;
    yield* run(tx.insert(adminActions).values({ adminId, action: "credits", targetId: String(userId), reason: note }));
    return balance;
  });
}
