// The one module that knows arctic (deprecated upstream): builds Google's authorization URL with PKCE and
// exchanges a code for tokens, against endpoints taken from config so tests can point them at a fake.
import type { OAuth2Client } from "arctic";
import type { Config } from "../../config";

// Loaded on first sign-in, not at boot (it is only needed here).
const loadArctic = () => import("arctic");

export interface GoogleAuthorization {
  url: URL;
  state: string;
  codeVerifier: string;
}

async function client(config: Config): Promise<OAuth2Client> {
  const { OAuth2Client } = await loadArctic();
  return new OAuth2Client(config.google.clientId ?? "", config.google.clientSecret ?? null, `${config.baseUrl}/auth/google/callback`);
}

export async function createGoogleAuthorization(config: Config): Promise<GoogleAuthorization> {
  const { CodeChallengeMethod, generateCodeVerifier, generateState } = await loadArctic();
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = (await client(config)).createAuthorizationURLWithPKCE(config.google.authUrl, state, CodeChallengeMethod.S256, codeVerifier, [
    "openid",
    "email",
    "profile",
  ]);
  url.searchParams.set("prompt", "select_account");
  return { url, state, codeVerifier };
}

/** Exchanges the authorization code; returns Google's ID token (still to be verified). */
export async function exchangeGoogleCode(config: Config, code: string, codeVerifier: string): Promise<string> {
  const tokens = await (await client(config)).validateAuthorizationCode(config.google.tokenUrl, code, codeVerifier);
  return tokens.idToken();
}
