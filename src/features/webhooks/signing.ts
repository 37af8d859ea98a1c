// Webhook signatures, Stripe's scheme: `X-Gallery-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`,
// with one signing secret per user (created when first needed, shown on /account).
import { eq } from "drizzle-orm";
import { createHmac } from "node:crypto";
import type { Data } from "../../db/data";

export const SIGNATURE_HEADER = "x-gallery-signature";

export async function signingSecretFor(data: Data, userId: number): Promise<string> {
  const { webhookSecrets } = data.tables;
  const secret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url")}`;
  await data.db.insert(webhookSecrets).values({ userId, secret }).onConflictDoNothing({ target: webhookSecrets.userId });
  const [row] = await data.db.select({ secret: webhookSecrets.secret }).from(webhookSecrets).where(eq(webhookSecrets.userId, userId));
  return row!.secret; // the INSERT above makes sure of the row
}

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${digest}`;
}
