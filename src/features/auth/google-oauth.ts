// The one module that knows arctic (deprecated upstream): builds Google's authorization URL with PKCE and
// exchanges a code for tokens, against endpoints taken from config so tests can point them at a fake.
import { CodeChallengeMethod, OAuth2Client, generateCodeVerifier, generateState } from "arctic";
import type { Config } from "../../config";

export interface GoogleAuthorization {
  url: URL;
  state: string;
  codeVerifier: string;
}

function client(config: Config): OAuth2Client {
  return new OAuth2Client(config.google.clientId ?? "", config.google.clientSecret ?? null, `${config.baseUrl}/auth/google/callback`);
}

export function createGoogleAuthorization(config: Config): GoogleAuthorization {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = client(config).createAuthorizationURLWithPKCE(config.google.authUrl, state, CodeChallengeMethod.S256, codeVerifier, [
    "openid",
    "email",
    "profile",
  ]);
  url.searchParams.set("prompt", "select_account");
  return { url, state, codeVerifier };
}

/** Exchanges the authorization code; returns Google's ID token (still to be verified). */
export async function exchangeGoogleCode(config: Config, code: string, codeVerifier: string): Promise<string> {
  const tokens = await client(config).validateAuthorizationCode(config.google.tokenUrl, code, codeVerifier);
  return tokens.idToken();
}
