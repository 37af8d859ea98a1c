// Users and server-side sessions: users keyed by Google's `sub`; a session is stored only as a hash of its token.
import type { Database } from "bun:sqlite";
import type { RawRow } from "../../db/raw-row";
import type { sessions, users } from "../../db/schema";

export const SESSION_DAYS = 30;
const DAY_MS = 86_400_000;
const SESSION_MS = SESSION_DAYS * DAY_MS;
/** Sliding expiry is extended at most once a day per session, not on every request. */
const SLIDE_AFTER_MS = DAY_MS;

export interface SessionUser {
  id: number;
  email: string;
  name: string | null;
  isAdmin: boolean;
  stripeCustomerId: string | null;
  sessionId: string;
  /** Set when the request came with an API key (then there is no session, and never admin rights). */
  apiKeyId?: string;
}

function hashToken(token: string): string {
  return new Bun.CryptoHasher("sha256").update(token).digest("hex");
}

export function upsertGoogleUser(sqlite: Database, identity: { sub: string; email: string; name: string | null }): number {
  const row = sqlite
    .query<RawRow<typeof users, "id">, [string, string, string | null]>(
      `INSERT INTO users (google_sub, email, name) VALUES (?, ?, ?)
       ON CONFLICT(google_sub) DO UPDATE SET email = excluded.email, name = coalesce(excluded.name, users.name)
       RETURNING id`,
    )
    .get(identity.sub, identity.email, identity.name)!; // an upsert with RETURNING always yields its row
  return row.id;
}

/** ADMIN_EMAILS grants admin at sign-in (it never revokes: an admin set by hand in the database stays one). */
export function grantAdminByEmail(sqlite: Database, userId: number, adminEmails: readonly string[]): void {
  if (adminEmails.length === 0) return;
  const { email } = sqlite.query<RawRow<typeof users, "email">, [number]>("SELECT email FROM users WHERE id = ?").get(userId)!; // called just after the upsert that made the user
  if (adminEmails.includes(email.toLowerCase())) sqlite.query("UPDATE users SET is_admin = 1 WHERE id = ?").run(userId);
}

/** Dev sign-in: a local user per email, with a `dev:` subject that no Google account can have. */
export function upsertDevUser(sqlite: Database, email: string): number {
  return upsertGoogleUser(sqlite, { sub: `dev:${email.toLowerCase()}`, email: email.toLowerCase(), name: null });
}

/** A new session (and a fresh token) at every sign-in; returns the token for the cookie. */
export function createSession(sqlite: Database, userId: number, now = Date.now()): string {
  const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  sqlite.query("INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)").run(hashToken(token), userId, now + SESSION_MS);
  return token;
}

export interface ResolvedSession {
  user: SessionUser;
  /** True when the expiry moved: the cookie should be re-issued with a fresh Max-Age. */
  extended: boolean;
}

export function resolveSession(sqlite: Database, token: string, now = Date.now()): ResolvedSession | null {
  const id = hashToken(token);
  const row = sqlite
    .query<RawRow<typeof sessions, "expires_at"> & RawRow<typeof users, "id" | "email" | "name" | "is_admin" | "stripe_customer_id">, [string]>(
      `SELECT s.expires_at, u.id, u.email, u.name, u.is_admin, u.stripe_customer_id
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    )
    .get(id);
  if (!row) return null;
  if (row.expires_at <= now) {
    sqlite.query("DELETE FROM sessions WHERE id = ?").run(id);
    return null;
  }
  const extended = row.expires_at - now < SESSION_MS - SLIDE_AFTER_MS;
  if (extended) sqlite.query("UPDATE sessions SET expires_at = ? WHERE id = ?").run(now + SESSION_MS, id);
  return {
    user: { id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin === 1, stripeCustomerId: row.stripe_customer_id, sessionId: id },
    extended,
  };
}

export function revokeSession(sqlite: Database, sessionId: string): void {
  sqlite.query("DELETE FROM sessions WHERE id = ?").run(sessionId);
}

/** The user behind an API key: never an admin, whatever the account is (keys are for the JSON API only). */
export function keyUser(sqlite: Database, userId: number, keyId: string): SessionUser | null {
  const row = sqlite
    .query<RawRow<typeof users, "id" | "email" | "name" | "stripe_customer_id">, [number]>("SELECT id, email, name, stripe_customer_id FROM users WHERE id = ?")
    .get(userId);
  if (!row) return null;
  return { id: row.id, email: row.email, name: row.name, isAdmin: false, stripeCustomerId: row.stripe_customer_id, sessionId: "", apiKeyId: keyId };
}
