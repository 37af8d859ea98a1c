// Identity on both databases: users signed in by Google or dev sign-in, server-side sessions (create, resolve,
// slide, expire, revoke) and API keys (create, list, resolve, revoke), through the real functions on bun:sqlite and
// on a real PostgreSQL.
import { expect, test } from "bun:test";
import { createApiKey, findKeyHolder, listApiKeys, revokeApiKey } from "../../src/features/api-keys/keys";
import {
  createSession,
  grantAdminByEmail,
  keyUser,
  resolveSession,
  revokeSession,
  SESSION_DAYS,
  upsertDevUser,
  upsertGoogleUser,
} from "../../src/features/auth/service";
import { forEachBackend } from "../helpers/backends";

const DAY_MS = 86_400_000;

forEachBackend("sessions and API keys", (backend) => {
  test("a Google user is one row per subject: a later sign-in updates the email and keeps a known name", async () => {
    const id = await upsertGoogleUser(backend.data, { sub: "google-1", email: "ada@example.com", name: "Ada" });
    expect(await upsertGoogleUser(backend.data, { sub: "google-1", email: "ada@new.example", name: null })).toBe(id);
    const token = await createSession(backend.data, id);
    expect((await resolveSession(backend.data, token))?.user).toMatchObject({ id, email: "ada@new.example", name: "Ada", isAdmin: false });
  });

  test("a session resolves to its user until revoked; a wrong token resolves to nobody", async () => {
    const id = await upsertDevUser(backend.data, "Grace@Example.com");
    await grantAdminByEmail(backend.data, id, ["grace@example.com"]);
    const token = await createSession(backend.data, id);
    const resolved = await resolveSession(backend.data, token);
    expect(resolved).toMatchObject({ extended: false, user: { id, email: "grace@example.com", isAdmin: true, stripeCustomerId: null } });
    expect(await resolveSession(backend.data, `${token}x`)).toBeNull();
    await revokeSession(backend.data, resolved!.user.sessionId);
    expect(await resolveSession(backend.data, token)).toBeNull();
  });

  test("a session slides forward after a day of use and is gone once expired", async () => {
    const id = await upsertDevUser(backend.data, "slide@example.com");
    const start = Date.now();
    const token = await createSession(backend.data, id, start);
    expect((await resolveSession(backend.data, token, start + DAY_MS / 2))?.extended).toBe(false);
    const later = start + 2 * DAY_MS;
    expect((await resolveSession(backend.data, token, later))?.extended).toBe(true);
    // Slid from `later`: still alive just past where it would have ended without the slide (and slid again).
    const lastUse = start + SESSION_DAYS * DAY_MS + 1;
    expect(await resolveSession(backend.data, token, lastUse)).not.toBeNull();
    expect(await resolveSession(backend.data, token, lastUse + SESSION_DAYS * DAY_MS + 1)).toBeNull();
    // Expiry deleted it: even a time inside its old window no longer finds it.
    expect(await resolveSession(backend.data, token, lastUse + DAY_MS)).toBeNull();
  });

  test("an API key is shown once, listed without its secret, resolves to its holder, and stops working when revoked", async () => {
    const id = await upsertDevUser(backend.data, "keys@example.com");
    await grantAdminByEmail(backend.data, id, ["keys@example.com"]);
    const { key, listing } = await createApiKey(backend.data, id, "ci", ["read", "generate"]);
    expect(key).toStartWith("aig_");
    expect(listing).toMatchObject({ name: "ci", scopes: ["read", "generate"], prefix: key.slice(0, 10), last_used_at: null });
    expect(await listApiKeys(backend.data, id)).toEqual([listing]);

    const now = Date.now();
    expect(await findKeyHolder(backend.data, key, now)).toEqual({ keyId: listing.id, userId: id, scopes: ["read", "generate"] });
    expect((await listApiKeys(backend.data, id))[0]!.last_used_at).toBe(now);
    expect(await findKeyHolder(backend.data, `${key}x`)).toBeNull();
    // A key's holder is never an admin, whatever the account is.
    expect(await keyUser(backend.data, id, listing.id)).toMatchObject({ id, email: "keys@example.com", isAdmin: false, apiKeyId: listing.id });

    const stranger = await upsertDevUser(backend.data, "stranger@example.com");
    expect(await revokeApiKey(backend.data, stranger, listing.id)).toBe(false);
    expect(await findKeyHolder(backend.data, key)).not.toBeNull();
    expect(await revokeApiKey(backend.data, id, listing.id)).toBe(true);
    expect(await revokeApiKey(backend.data, id, listing.id)).toBe(false);
    expect(await findKeyHolder(backend.data, key)).toBeNull();
    expect(await listApiKeys(backend.data, id)).toEqual([]);
  });
});
