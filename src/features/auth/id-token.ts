// Verifies a Google ID token with jose against Google's JWKS: signature, issuer, audience, expiry, verified email.
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Config } from "../../config";

export interface GoogleIdentity {
  sub: string;
  email: string;
  name: string | null;
}

export class InvalidIdTokenError extends Error {
  override name = "InvalidIdTokenError";
}

const keySets = new Map<string, JWTVerifyGetKey>();

/** One cached key set per JWKS URL: jose refetches on an unknown key id and rate-limits refetches. */
function keySet(url: string): JWTVerifyGetKey {
  let keys = keySets.get(url);
  if (!keys) keySets.set(url, (keys = createRemoteJWKSet(new URL(url))));
  return keys;
}

export async function verifyGoogleIdToken(config: Config, idToken: string): Promise<GoogleIdentity> {
  if (!config.google.clientId) throw new InvalidIdTokenError("Google sign-in is not configured");
  let payload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet(config.google.jwksUrl), {
      issuer: config.google.issuers,
      audience: config.google.clientId,
      algorithms: ["RS256"],
    }));
  } catch (error) {
    throw new InvalidIdTokenError(error instanceof Error ? error.message : "invalid token");
  }
  if (typeof payload.sub !== "string" || !payload.sub) throw new InvalidIdTokenError("token has no subject");
  if (typeof payload.email !== "string" || payload.email_verified !== true) throw new InvalidIdTokenError("email not verified");
  return { sub: payload.sub, email: payload.email, name: typeof payload.name === "string" ? payload.name : null };
}
