// Webhook signatures, Stripe's scheme: `X-Gallery-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`,
// with one signing secret per user (created when first needed, shown on /account).
import type { Database } from "bun:sqlite";
import { createHmac } from "node:crypto";
import type { RawRow } from "../../db/raw-row";
import type { webhookSecrets } from "../../db/schema";

export const SIGNATURE_HEADER = "x-gallery-signature";

export function signingSecretFor(sqlite: Database, userId: number): string {
  const secret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url")}`;
  sqlite.query("INSERT INTO webhook_secrets (user_id, secret) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING").run(userId, secret);
  return sqlite.query<RawRow<typeof webhookSecrets, "secret">, [number]>("SELECT secret FROM webhook_secrets WHERE user_id = ?").get(userId)!.secret; // the INSERT above makes sure of the row
}

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${digest}`;
}
