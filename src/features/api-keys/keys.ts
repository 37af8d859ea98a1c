// The api_keys table: keys are `aig_` + 32 random bytes (base64url), shown once; only their SHA-256 is stored.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { prepared, type Data, type Tables } from "../../db/data";
import type { ApiKeyListing } from "./responses";

export const API_KEY_PREFIX = "aig_";
export const SCOPES = ["read", "generate"] as const;
export type Scope = (typeof SCOPES)[number];

/** Last-used times are written at most this often per key, so a busy key does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/** What a key's owner sees of it: described by its schema in ./responses. */
export type { ApiKeyListing } from "./responses";

export interface KeyHolder {
  keyId: string;
  userId: number;
  scopes: Scope[];
}

function hashKey(key: string): string {
  return new Bun.CryptoHasher("sha256").update(key).digest("hex");
}

function listingColumns({ apiKeys }: Tables) {
  return {
    id: apiKeys.id,
    name: apiKeys.name,
    scopes: apiKeys.scopes,
    prefix: apiKeys.prefix,
    created_at: apiKeys.createdAt,
    last_used_at: apiKeys.lastUsedAt,
  };
}

export async function createApiKey(data: Data, userId: number, name: string, scopes: Scope[]): Promise<{ key: string; listing: ApiKeyListing }> {
  const key = API_KEY_PREFIX + Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  const id = `key_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const [listing] = await data.db
    .insert(data.tables.apiKeys)
    .values({ id, userId, name, scopes, hash: hashKey(key), prefix: key.slice(0, API_KEY_PREFIX.length + 6) })
    .returning(listingColumns(data.tables));
  return { key, listing: listing! }; // an INSERT with RETURNING yields its row
}

export async function listApiKeys(data: Data, userId: number): Promise<ApiKeyListing[]> {
  const { apiKeys } = data.tables;
  return data.db
    .select(listingColumns(data.tables))
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}

/** False when the key is not this user's or was already revoked. */
export async function revokeApiKey(data: Data, userId: number, id: string, now = Date.now()): Promise<boolean> {
  const { apiKeys } = data.tables;
  const revoked = await data.db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length === 1;
}

// Runs on every request that presents a key: one prepared statement per handle.
const liveKeyQuery = ({ db, tables: { apiKeys } }: Data) =>
  db
    .select({ id: apiKeys.id, userId: apiKeys.userId, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, sql.placeholder("hash")), isNull(apiKeys.revokedAt)))
    .prepare("live_api_key");

/** The live key matching `key`, found by its hash; records when it was last used. */
export async function findKeyHolder(data: Data, key: string, now = Date.now()): Promise<KeyHolder | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const [row] = await prepared(data, liveKeyQuery).execute({ hash: hashKey(key) });
  if (!row) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_INTERVAL_MS) {
    const { apiKeys } = data.tables;
    await data.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { keyId: row.id, userId: row.userId, scopes: row.scopes };
}
