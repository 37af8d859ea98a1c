// Users and server-side sessions: users keyed by Google's `sub`; a session is stored only as a hash of its token.
import { eq, sql } from "drizzle-orm";
import { prepared, type Data } from "../../db/data";

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

export async function upsertGoogleUser(data: Data, identity: { sub: string; email: string; name: string | null }): Promise<number> {
  const { users } = data.tables;
  const [row] = await data.db
    .insert(users)
    .values({ googleSub: identity.sub, email: identity.email, name: identity.name })
    .onConflictDoUpdate({ target: users.googleSub, set: { email: sql`excluded.email`, name: sql`coalesce(excluded.name, ${users.name})` } })
    .returning({ id: users.id });
  return row!.id; // an upsert with RETURNING always yields its row
}

/** ADMIN_EMAILS grants admin at sign-in (it never revokes: an admin set by hand in the database stays one). */
export async function grantAdminByEmail(data: Data, userId: number, adminEmails: readonly string[]): Promise<void> {
  if (adminEmails.length === 0) return;
  const { users } = data.tables;
  const [user] = await data.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (user && adminEmails.includes(user.email.toLowerCase())) await data.db.update(users).set({ isAdmin: true }).where(eq(users.id, userId));
}

/** Dev sign-in: a local user per email, with a `dev:` subject that no Google account can have. */
export function upsertDevUser(data: Data, email: string): Promise<number> {
  return upsertGoogleUser(data, { sub: `dev:${email.toLowerCase()}`, email: email.toLowerCase(), name: null });
}

/** A new session (and a fresh token) at every sign-in; returns the token for the cookie. */
export async function createSession(data: Data, userId: number, now = Date.now()): Promise<string> {
  const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  await data.db.insert(data.tables.sessions).values({ id: hashToken(token), userId, expiresAt: now + SESSION_MS });
  return token;
}

export interface ResolvedSession {
  user: SessionUser;
  /** True when the expiry moved: the cookie should be re-issued with a fresh Max-Age. */
  extended: boolean;
}

// Runs on most requests: one prepared statement per handle.
const sessionQuery = ({ db, tables: { sessions, users } }: Data) =>
  db
    .select({
      expiresAt: sessions.expiresAt,
      id: users.id,
      email: users.email,
      name: users.name,
      isAdmin: users.isAdmin,
      stripeCustomerId: users.stripeCustomerId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("session_user");

export async function resolveSession(data: Data, token: string, now = Date.now()): Promise<ResolvedSession | null> {
  const id = hashToken(token);
  const [row] = await prepared(data, sessionQuery).execute({ id });
  if (!row) return null;
  const { sessions } = data.tables;
  if (row.expiresAt <= now) {
    await data.db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const extended = row.expiresAt - now < SESSION_MS - SLIDE_AFTER_MS;
  if (extended) await data.db.update(sessions).set({ expiresAt: now + SESSION_MS }).where(eq(sessions.id, id));
  return {
    user: { id: row.id, email: row.email, name: row.name, isAdmin: row.isAdmin, stripeCustomerId: row.stripeCustomerId, sessionId: id },
    extended,
  };
}

export async function revokeSession(data: Data, sessionId: string): Promise<void> {
  const { sessions } = data.tables;
  await data.db.delete(sessions).where(eq(sessions.id, sessionId));
}

const keyUserQuery = ({ db, tables: { users } }: Data) =>
  db
    .select({ id: users.id, email: users.email, name: users.name, stripeCustomerId: users.stripeCustomerId })
    .from(users)
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare("key_user");

/** The user behind an API key: never an admin, whatever the account is (keys are for the JSON API only). */
export async function keyUser(data: Data, userId: number, keyId: string): Promise<SessionUser | null> {
  const [row] = await prepared(data, keyUserQuery).execute({ userId });
  if (!row) return null;
  return { ...row, isAdmin: false, sessionId: "", apiKeyId: keyId };
}
