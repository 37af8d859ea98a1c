// Hearts and collections over HTTP: who may change and see what, bad input refused with a message and nothing
// written, renders that stop being public dropping out, and user text escaped on the pages.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ORIGIN, signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";
import { readZip } from "../helpers/zip";
import { createCollection, get, send } from "./helpers";

let t: TestApp;
let alice: { cookie: string; userId: number };
let bob: { cookie: string; userId: number };
const r: Record<string, string> = {};

beforeAll(async () => {
  t = createTestApp({ RATE_LIMIT_COLLECTIONS_PER_MINUTE: "100000" });
  alice = await signIn(t, "alice@example.com");
  bob = await signIn(t, "bob@example.com");
  r.publicFox = insertRender(t.sqlite, { basePrompt: "a red fox", stylePhrase: "oil painting" });
  r.alicePrivate = insertRender(t.sqlite, { userId: alice.userId, visibility: "private", basePrompt: "alice's secret cat" });
  r.bobPublic = insertRender(t.sqlite, { userId: bob.userId, basePrompt: "bob's heron" });
  r.bobPrivate = insertRender(t.sqlite, { userId: bob.userId, visibility: "private", basePrompt: "bob's secret" });
  r.pending = insertRender(t.sqlite, { status: "pending" });
  r.unsafe = insertRender(t.sqlite, { nsfw: true, basePrompt: "flagged" });
});
afterAll(() => t.cleanup());

const itemCount = (collectionId: string) =>
  (t.sqlite.query("SELECT count(*) AS n FROM collection_items WHERE collection_id = ?").get(collectionId) as { n: number }).n;
const collectionCount = (userId: number) => (t.sqlite.query("SELECT count(*) AS n FROM collections WHERE user_id = ?").get(userId) as { n: number }).n;

describe("writes are signed in and from this site", () => {
  test("signed out: JSON gets 401, a form is sent to sign-in, nothing is written", async () => {
    const json = await send(t, "POST", "/collections", null, { name: "x" });
    expect(json.status).toBe(401);
    expect((await json.json()).error).toContain("Sign in");
    const form = await t.request("/collections", { method: "POST", headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" }, body: "name=x" });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/sign-in");
    expect((await send(t, "POST", `/favourites/${r.publicFox}`, null)).status).toBe(401);
    expect((t.sqlite.query("SELECT count(*) AS n FROM collections").get() as { n: number }).n).toBe(0);
  });

  test("a request from another site (or with no Origin) is refused with 403", async () => {
    const foreign = await send(t, "POST", "/collections", alice.cookie, { name: "x" }, "https://evil.example");
    expect(foreign.status).toBe(403);
    const noOrigin = await t.request(`/favourites/${r.publicFox}`, { method: "POST", headers: { cookie: alice.cookie } });
    expect(noOrigin.status).toBe(403);
    expect(collectionCount(alice.userId)).toBe(0);
  });
});

describe("creating and naming", () => {
  test("names are cleaned like other user text: invisible characters dropped, one line, trimmed; private by default", async () => {
    const created = await createCollection(t, alice.cookie, { name: "  Foxes\u200b at\n\t dusk\u202e  " });
    expect(created).toMatchObject({ name: "Foxes at dusk", visibility: "private" });
    expect(created.url).toBe(`/c/${created.id}`);
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  test("bad input gets 400 with a message and writes nothing", async () => {
    const before = collectionCount(alice.userId);
    const cases: [unknown, string][] = [
      [{ name: "   " }, "name"],
      [{ name: "\u200b\u200b" }, "name"],
      [{ name: "x".repeat(81) }, "80"],
      [{ name: "ok", visibility: "everyone" }, "visibility"],
      [{}, "name"],
      [{ name: "ok", render_id: "no-such-render" }, "render"],
    ];
    for (const [body, mentions] of cases) {
      const response = await send(t, "POST", "/collections", alice.cookie, body);
      expect({ body, status: response.status }).toEqual({ body, status: response.status >= 400 && response.status < 500 ? response.status : -1 });
      expect((await response.json()).error).toContain(mentions);
    }
    // The one with an unknown render is refused before the collection stays: nothing half-written.
    expect(collectionCount(alice.userId)).toBe(before);
  });

  test("a form creates and lands on the new collection's page", async () => {
    const response = await t.request("/collections", {
      method: "POST",
      headers: { cookie: alice.cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: "name=From+a+form&visibility=public",
    });
    expect(response.status).toBe(303);
    const id = response.headers.get("location")!.replace("/c/", "");
    expect(t.sqlite.query("SELECT name, visibility FROM collections WHERE id = ?").get(id)).toEqual({ name: "From a form", visibility: "public" });
  });

  test("renaming by form leaves visibility as it was, and making public leaves the name", async () => {
    const { id } = await createCollection(t, alice.cookie, { name: "Stays public", visibility: "public" });
    const form = { cookie: alice.cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" };
    expect((await t.request(`/collections/${id}`, { method: "POST", headers: form, body: "name=Still+public" })).status).toBe(303);
    expect(t.sqlite.query("SELECT name, visibility FROM collections WHERE id = ?").get(id)).toEqual({ name: "Still public", visibility: "public" });
    await t.request(`/collections/${id}`, { method: "POST", headers: form, body: "visibility=private" });
    expect(t.sqlite.query("SELECT name, visibility FROM collections WHERE id = ?").get(id)).toEqual({ name: "Still public", visibility: "private" });
  });

  test("only the owner renames or deletes; favourites keep their name and stay", async () => {
    const { id } = await createCollection(t, alice.cookie, { name: "Rename me" });
    expect((await send(t, "POST", `/collections/${id}`, bob.cookie, { name: "Bob's now" })).status).toBe(404);
    expect((await send(t, "DELETE", `/collections/${id}`, bob.cookie)).status).toBe(404);
    expect((await send(t, "POST", `/collections/${id}`, alice.cookie, {})).status).toBe(400);
    const renamed = await send(t, "POST", `/collections/${id}`, alice.cookie, { name: " Renamed " });
    expect(await renamed.json()).toMatchObject({ name: "Renamed" });
    await send(t, "POST", `/favourites/${r.publicFox}`, alice.cookie);
    const favourites = t.sqlite.query("SELECT id FROM collections WHERE user_id = ? AND kind = 'favourites'").get(alice.userId) as { id: string };
    const rename = await send(t, "POST", `/collections/${favourites.id}`, alice.cookie, { name: "Mine" });
    expect(rename.status).toBe(400);
    expect((await rename.json()).error).toContain("Favourites");
    expect((await send(t, "DELETE", `/collections/${favourites.id}`, alice.cookie)).status).toBe(400);
    expect((await send(t, "DELETE", `/collections/${id}`, alice.cookie)).status).toBe(200);
    expect((await get(t, `/c/${id}`, alice.cookie)).status).toBe(404);
  });
});

describe("adding renders", () => {
  test("only finished renders the owner may see: public ones and their own; never someone else's private, pending or flagged", async () => {
    const { id } = await createCollection(t, alice.cookie, { name: "Adding" });
    const add = (renderId: string, cookie = alice.cookie) => send(t, "POST", `/collections/${id}/items`, cookie, { render_id: renderId });
    expect(await (await add(r.publicFox!)).json()).toEqual({ added: true });
    expect(await (await add(r.publicFox!)).json()).toEqual({ added: false });
    expect((await add(r.alicePrivate!)).status).toBe(200);
    expect((await add(r.bobPublic!)).status).toBe(200);
    for (const refused of [r.bobPrivate!, r.pending!, r.unsafe!, "nope"]) {
      const response = await add(refused);
      expect({ refused, status: response.status }).toEqual({ refused, status: 404 });
    }
    expect((await add(r.publicFox!, bob.cookie)).status).toBe(404);
    expect((await send(t, "POST", `/collections/${id}/items`, alice.cookie, { render_id: "" })).status).toBe(400);
    expect(itemCount(id)).toBe(3);
    expect((await send(t, "DELETE", `/collections/${id}/items/${r.bobPublic}`, bob.cookie)).status).toBe(404);
    expect(await (await send(t, "DELETE", `/collections/${id}/items/${r.bobPublic}`, alice.cookie)).json()).toEqual({ removed: true });
    expect(itemCount(id)).toBe(2);
  });
});

describe("who sees a collection", () => {
  test("private: 404 to everyone but its owner, page and ZIP alike; public: anyone, without the owner's private renders", async () => {
    const { id } = await createCollection(t, alice.cookie, { name: "Shared later" });
    for (const renderId of [r.publicFox!, r.alicePrivate!]) await send(t, "POST", `/collections/${id}/items`, alice.cookie, { render_id: renderId });
    for (const cookie of [null, bob.cookie]) {
      expect((await get(t, `/c/${id}`, cookie)).status).toBe(404);
      expect((await get(t, `/c/${id}`, cookie, "application/json")).status).toBe(404);
      expect((await get(t, `/c/${id}/download`, cookie)).status).toBe(404);
    }
    const own = await get(t, `/c/${id}`, alice.cookie);
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toBe("private, no-store");
    expect(await own.text()).toContain("alice&#x27;s secret cat");

    await send(t, "POST", `/collections/${id}`, alice.cookie, { visibility: "public" });
    const shared = await get(t, `/c/${id}`, null);
    expect(shared.status).toBe(200);
    const html = await shared.text();
    expect(html).toContain(`/images/2026/11/${r.publicFox}_t.webp`);
    expect(html).not.toContain(r.alicePrivate!);
    expect(html).not.toContain("secret cat");
    expect(html).not.toContain("data-owner-controls");
    const json = await (await get(t, `/c/${id}`, bob.cookie, "application/json")).json();
    expect(json.total).toBe(1);
    expect(json.renders.map((render: { id: string }) => render.id)).toEqual([r.publicFox]);

    await send(t, "POST", `/collections/${id}`, alice.cookie, { visibility: "private" });
    expect((await get(t, `/c/${id}`, null)).status).toBe(404);
  });

  test("a render that later becomes private, flagged or hidden drops out of what others see (and of its adder's view)", async () => {
    const heron = insertRender(t.sqlite, { userId: bob.userId, basePrompt: "bob's changing heron" });
    const { id } = await createCollection(t, alice.cookie, { name: "Changing", visibility: "public" });
    await send(t, "POST", `/collections/${id}/items`, alice.cookie, { render_id: heron });
    expect((await (await get(t, `/c/${id}`, null, "application/json")).json()).total).toBe(1);
    t.sqlite.query("UPDATE renders SET visibility = 'private' WHERE id = ?").run(heron);
    for (const cookie of [null, alice.cookie]) {
      const json = await (await get(t, `/c/${id}`, cookie, "application/json")).json();
      expect(json.total).toBe(0);
    }
    expect(await (await get(t, `/c/${id}`, null)).text()).not.toContain(heron);
    // Its maker still sees their own render.
    expect((await (await get(t, `/c/${id}`, bob.cookie, "application/json")).json()).total).toBe(0);
    t.sqlite.query("UPDATE renders SET visibility = 'public', nsfw = 1 WHERE id = ?").run(heron);
    expect((await (await get(t, `/c/${id}`, null, "application/json")).json()).total).toBe(0);
    t.sqlite.query("UPDATE renders SET nsfw = 0 WHERE id = ?").run(heron);
    expect((await (await get(t, `/c/${id}`, null, "application/json")).json()).total).toBe(1);
    // Hidden by a moderator: gone from the shared page and its ZIP.
    t.sqlite.query("UPDATE renders SET hidden_at = ? WHERE id = ?").run(Date.now(), heron);
    expect((await (await get(t, `/c/${id}`, null, "application/json")).json()).total).toBe(0);
    const zip = readZip(new Uint8Array(await (await get(t, `/c/${id}/download`, null, "*/*")).arrayBuffer()));
    expect(new TextDecoder().decode(zip.get("manifest.csv")!)).not.toContain(heron);
  });
});

describe("hearts", () => {
  test("POST hearts, DELETE takes it off; state for a page's tiles; Favourites is a collection of its own", async () => {
    const ids = [r.bobPublic!, r.alicePrivate!].join(",");
    const state = async () => (await (await get(t, `/favourites/state?ids=${ids}`, alice.cookie, "application/json")).json()).hearted;
    expect(await state()).toEqual([]);
    expect(await (await send(t, "POST", `/favourites/${r.bobPublic}`, alice.cookie)).json()).toMatchObject({ added: true, hearted: true });
    expect(await state()).toEqual([r.bobPublic]);
    expect((await send(t, "POST", `/favourites/${r.bobPrivate}`, alice.cookie)).status).toBe(404);
    const mine = await (await get(t, "/collections", alice.cookie, "application/json")).json();
    expect(mine.collections[0]).toMatchObject({ name: "Favourites", kind: "favourites", visibility: "private" });
    expect(await (await send(t, "DELETE", `/favourites/${r.bobPublic}`, alice.cookie)).json()).toMatchObject({ removed: true, hearted: false });
    expect(await state()).toEqual([]);
    expect(await (await get(t, `/favourites/state?ids=${ids}`, null, "application/json")).json()).toEqual({ signed_in: false, hearted: [] });
  });

  test("/collections?render= says which collections hold a render (for the Save panel); signed out JSON is 401", async () => {
    const { id } = await createCollection(t, alice.cookie, { name: "Holds fox", render_id: r.publicFox });
    const list = await (await get(t, `/collections?render=${r.publicFox}`, alice.cookie, "application/json")).json();
    expect(list.collections.find((c: { id: string }) => c.id === id)).toMatchObject({ has_render: true, items: 1 });
    expect((await get(t, "/collections", null, "application/json")).status).toBe(401);
    const page = await get(t, "/collections", null);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/sign-in?next=/collections");
  });
});

describe("pages", () => {
  test("names are escaped on My collections and the collection page; /account links to My collections", async () => {
    const { id } = await createCollection(t, bob.cookie, { name: '"><script>alert(1)</script> & co', visibility: "public", render_id: r.publicFox });
    for (const [path, cookie] of [["/collections", bob.cookie], [`/c/${id}`, null]] as const) {
      const html = await (await get(t, path, cookie)).text();
      expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
      // In attributes (the card's tags) the quote is escaped, so the markup cannot break out.
      expect(html).not.toContain('"><script>');
    }
    const account = await (await get(t, "/account", bob.cookie)).text();
    expect(account).toContain('href="/collections"');
  });

  test("a shared collection's page carries a card: title, description, absolute og:url and web-size og:image", async () => {
    const { id } = await createCollection(t, bob.cookie, { name: "Herons", visibility: "public", render_id: r.bobPublic });
    const html = await (await get(t, `/c/${id}`, null)).text();
    expect(html).toContain('<meta property="og:title" content="Herons"/>');
    expect(html).toContain(`<meta property="og:url" content="http://localhost:8000/c/${id}"/>`);
    expect(html).toContain(`<meta property="og:image" content="http://localhost:8000/images/2026/11/${r.bobPublic}.webp"/>`);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"/>');
    expect(html).toContain("bob&#x27;s heron");
    expect(html).not.toContain("_full");
  });
});

describe("rate limits", () => {
  test("collection writes are limited per minute like other writes (429 with Retry-After)", async () => {
    const limited = createTestApp({ RATE_LIMIT_COLLECTIONS_PER_MINUTE: "3" });
    try {
      const { cookie } = await signIn(limited, "fast@example.com");
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(limited, "POST", "/collections", cookie, { name: `c${i}` })).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      limited.cleanup();
    }
  });
});
