// The api_keys table: keys are `aig_` + 32 random bytes (base64url), shown once; only their SHA-256 is stored.
import type { Database } from "bun:sqlite";
import type { RawRow } from "../../db/raw-row";
import type { apiKeys } from "../../db/schema";
import type { ApiKeyListing } from "./responses";

/** A listing as stored: scopes is the JSON text the schema maps. */
type StoredListing = RawRow<typeof apiKeys, "id" | "name" | "scopes" | "prefix" | "created_at" | "last_used_at">;

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

export function createApiKey(sqlite: Database, userId: number, name: string, scopes: Scope[]): { key: string; listing: ApiKeyListing } {
  const key = API_KEY_PREFIX + Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  const id = `key_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const row = sqlite
    .query<StoredListing, [string, number, string, string, string, string]>(
      `INSERT INTO api_keys (id, user_id, name, scopes, hash, prefix) VALUES (?, ?, ?, ?, ?, ?)
       RETURNING id, name, scopes, prefix, created_at, last_used_at`,
    )
    .get(id, userId, name, JSON.stringify(scopes), hashKey(key), key.slice(0, API_KEY_PREFIX.length + 6))!; // an INSERT with RETURNING yields its row
  return { key, listing: { ...row, scopes: JSON.parse(row.scopes) } };
}

export function listApiKeys(sqlite: Database, userId: number): ApiKeyListing[] {
  const rows = sqlite
    .query<StoredListing, [number]>(
      `SELECT id, name, scopes, prefix, created_at, last_used_at FROM api_keys
       WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC`,
    )
    .all(userId);
  return rows.map((row) => ({ ...row, scopes: JSON.parse(row.scopes) }));
}

/** False when the key is not this user's or was already revoked. */
export function revokeApiKey(sqlite: Database, userId: number, id: string, now = Date.now()): boolean {
  return sqlite.query(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`).run(now, id, userId).changes === 1;
}

/** The live key matching `key`, found by its hash; records when it was last used. */
export function findKeyHolder(sqlite: Database, key: string, now = Date.now()): KeyHolder | null {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = sqlite
    .query<RawRow<typeof apiKeys, "id" | "user_id" | "scopes" | "last_used_at">, [string]>(
      `SELECT id, user_id, scopes, last_used_at FROM api_keys WHERE hash = ? AND revoked_at IS NULL`,
    )
    .get(hashKey(key));
  if (!row) return null;
  if (row.last_used_at === null || now - row.last_used_at >= TOUCH_INTERVAL_MS) {
    sqlite.query(`UPDATE api_keys SET last_used_at = ? WHERE id = ?`).run(now, row.id);
  }
  return { keyId: row.id, userId: row.user_id, scopes: JSON.parse(row.scopes) };
}
