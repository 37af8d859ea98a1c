// Money as an admin sees it: finding a user, their balance, ledger, payments and refunds, and a credit
// adjustment that goes through the same ledger as everything else and is mirrored to Stripe like any change.
import type { Database } from "bun:sqlite";
import type { RawRow } from "../../db/raw-row";
import type { users } from "../../db/schema";
import type { Config } from "../../config";
import { immediate } from "../../db/client";
import { HttpError } from "../../http/http-error";
import { ledgerHistory, purchaseHistory, type LedgerEntry, type Purchase } from "../billing/account";
import { accountSummary, adjustCredits, type AccountSummary } from "../billing/ledger";
import { recordAdminAction } from "./audit";

export type AdminUser = RawRow<typeof users, "id" | "email" | "is_admin" | "stripe_customer_id" | "created_at">;

const USER_COLUMNS = "id, email, is_admin, stripe_customer_id, created_at";

/** Users whose email holds `q` (all of the newest when empty). */
export function findUsers(sqlite: Database, q: string, limit = 50): AdminUser[] {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sqlite
    .query<AdminUser, [string, number]>(`SELECT ${USER_COLUMNS} FROM users WHERE email LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?`)
    .all(pattern, limit);
}

export interface UserMoney {
  user: AdminUser;
  summary: AccountSummary;
  ledger: LedgerEntry[];
  payments: Purchase[];
  /** Payments with money given back (refunded in part or whole) or disputed. */
  refunds: Purchase[];
}

export function userMoney(sqlite: Database, config: Config, userId: number): UserMoney | null {
  const user = sqlite.query<AdminUser, [number]>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(userId);
  if (!user) return null;
  const payments = purchaseHistory(sqlite, userId);
  return {
    user,
    summary: accountSummary(sqlite, config, userId),
    ledger: ledgerHistory(sqlite, userId, 200),
    payments,
    refunds: payments.filter((payment) => payment.refunded_cents > 0 || payment.status === "refunded" || payment.status === "disputed"),
  };
}

/** Adds (or with a negative delta takes) credits; returns the new balance. The caller mirrors it to Stripe. */
export function adjustUserCredits(sqlite: Database, adminId: number, userId: number, delta: number, reason: string): number {
  return immediate(sqlite, () => {
    if (!sqlite.query("SELECT 1 FROM users WHERE id = ?").get(userId)) throw new HttpError(404, "No user has that id.");
    const balance = adjustCredits(sqlite, { userId, delta });
    recordAdminAction(sqlite, adminId, "credits", String(userId), `${delta > 0 ? "+" : ""}${delta}: ${reason}`);
    return balance;
  });
}
