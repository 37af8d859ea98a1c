// A fake Google sign-in on 127.0.0.1: authorization endpoint (PKCE), token endpoint issuing RS256 ID tokens
// signed with a jose-generated key, and the JWKS that publishes that key. Records every call.
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

export interface IdTokenClaims extends JWTPayload {
  sub?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TokenCall {
  params: URLSearchParams;
  authorization: string | null;
  outcome: "issued" | "refused";
}

export interface FakeGoogle {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Environment for createTestApp: client credentials and the three endpoint URLs. */
  env: Record<string, string>;
  authorizeCalls: URLSearchParams[];
  tokenCalls: TokenCall[];
  /** Claims of the ID tokens issued from now on, over the defaults (a verified person with this client as `aud`). */
  setClaims(claims: IdTokenClaims): void;
  /** An ID token as Google Identity Services hands one to the browser; `foreignKey` signs with a key not in the JWKS. */
  signIdToken(claims?: IdTokenClaims, options?: { foreignKey?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

const KEY_ID = "fake-google-key-1";

function base64url(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString("base64url");
}

async function s256(verifier: string): Promise<string> {
  return base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
}

function oauthError(error: string, status = 400): Response {
  return Response.json({ error }, { status });
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const clientId = "fake-client-id.apps.googleusercontent.com";
  const clientSecret = "fake-client-secret";
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const foreign = await generateKeyPair("RS256");
  const publicJwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: "RS256", use: "sig" };
  const codes = new Map<string, { challenge: string; method: string; redirectUri: string; clientId: string }>();
  const authorizeCalls: URLSearchParams[] = [];
  const tokenCalls: TokenCall[] = [];
  let extraClaims: IdTokenClaims = {};

  async function signIdToken(claims: IdTokenClaims = {}, options: { foreignKey?: boolean } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: IdTokenClaims = {
      iss: "https://accounts.google.com",
      aud: clientId,
      sub: "110000000000000000001",
      email: "person@example.com",
      email_verified: true,
      name: "Test Person",
      iat: now,
      exp: now + 3600,
      ...claims,
    };
    return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: KEY_ID, typ: "JWT" }).sign(options.foreignKey ? foreign.privateKey : privateKey);
  }

  async function token(request: Request): Promise<Response> {
    const params = new URLSearchParams(await request.text());
    const authorization = request.headers.get("authorization");
    const refuse = (error: string) => {
      tokenCalls.push({ params, authorization, outcome: "refused" });
      return oauthError(error);
    };
    if (authorization !== `Basic ${btoa(`${clientId}:${clientSecret}`)}`) return refuse("invalid_client");
    if (params.get("grant_type") !== "authorization_code") return refuse("unsupported_grant_type");
    const grant = codes.get(params.get("code") ?? "");
    codes.delete(params.get("code") ?? "");
    if (!grant || grant.redirectUri !== params.get("redirect_uri")) return refuse("invalid_grant");
    if (grant.method !== "S256" || (await s256(params.get("code_verifier") ?? "")) !== grant.challenge) return refuse("invalid_grant");
    tokenCalls.push({ params, authorization, outcome: "issued" });
    return Response.json({
      access_token: `ya29.fake-${crypto.randomUUID()}`,
      expires_in: 3599,
      token_type: "Bearer",
      scope: "openid email profile",
      id_token: await signIdToken(extraClaims),
    });
  }

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (request.method === "GET" && url.pathname === "/o/oauth2/v2/auth") {
        const params = url.searchParams;
        authorizeCalls.push(params);
        const redirectUri = params.get("redirect_uri");
        if (params.get("client_id") !== clientId || params.get("response_type") !== "code" || !redirectUri) return oauthError("invalid_request");
        const code = `4/fake-${crypto.randomUUID()}`;
        codes.set(code, { challenge: params.get("code_challenge") ?? "", method: params.get("code_challenge_method") ?? "", redirectUri, clientId });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        back.searchParams.set("state", params.get("state") ?? "");
        return Response.redirect(back.toString(), 302);
      }
      if (request.method === "POST" && url.pathname === "/token") return token(request);
      if (request.method === "GET" && url.pathname === "/oauth2/v3/certs") return Response.json({ keys: [publicJwk] });
      return new Response("not found", { status: 404 });
    },
  });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    url: base,
    clientId,
    clientSecret,
    env: {
      GOOGLE_CLIENT_ID: clientId,
      GOOGLE_CLIENT_SECRET: clientSecret,
      GOOGLE_AUTH_URL: `${base}/o/oauth2/v2/auth`,
      GOOGLE_TOKEN_URL: `${base}/token`,
      GOOGLE_JWKS_URL: `${base}/oauth2/v3/certs`,
    },
    authorizeCalls,
    tokenCalls,
    setClaims(claims) {
      extraClaims = claims;
    },
    signIdToken,
    async stop() {
      await server.stop(true);
    },
  };
}
