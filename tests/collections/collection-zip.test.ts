// A collection's ZIP on the library's rules: the renders the viewer may see; their own (and everyone's once unlocked)
// at full resolution, the rest at web size; a manifest whose formula-like cells are neutralised; the licence.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createImageStore } from "../../src/storage";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { readZip } from "../helpers/zip";
import { createCollection, get, renderWithFiles, send, unlock } from "./helpers";

let t: TestApp;
let alice: { cookie: string; userId: number };
let bob: { cookie: string; userId: number };
let carol: { cookie: string; userId: number };
let collectionId: string;
const r: Record<string, string> = {};

beforeAll(async () => {
  t = createTestApp({ UNLOCK_THRESHOLD_CENTS: "10000", RATE_LIMIT_COLLECTIONS_PER_MINUTE: "100000" });
  alice = await signIn(t, "alice@example.com");
  bob = await signIn(t, "bob@example.com");
  carol = await signIn(t, "carol@example.com");
  unlock(t, carol.userId);
  r.gallery = await renderWithFiles(t, { basePrompt: "a red fox", stylePhrase: "=HYPERLINK(\"http://evil\")" }, "#aa3300");
  r.alicePublic = await renderWithFiles(t, { userId: alice.userId, basePrompt: "alice's lighthouse", stylePhrase: "pixel art" }, "#0033aa");
  r.alicePrivate = await renderWithFiles(t, { userId: alice.userId, visibility: "private", basePrompt: "alice's secret cat" }, "#00aa33");
  r.bobPublic = await renderWithFiles(t, { userId: bob.userId, basePrompt: "+bob's heron, \"quoted\"" }, "#777777");
  const collection = await createCollection(t, alice.cookie, { name: "Zip me", visibility: "public" });
  collectionId = collection.id;
  for (const id of Object.values(r)) expect((await send(t, "POST", `/collections/${collectionId}/items`, alice.cookie, { render_id: id })).status).toBe(200);
});
afterAll(() => t.cleanup());

async function download(cookie: string | null): Promise<{ response: Response; files: Map<string, Uint8Array> }> {
  const response = await get(t, `/c/${collectionId}/download`, cookie, "*/*");
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
  return { response, files: readZip(bytes) };
}

const store = () => createImageStore(t.config.storage);
async function stored(key: string): Promise<Uint8Array> {
  return new Uint8Array(await new Response(store().readStream(key)).arrayBuffer());
}

/** Which folder (full-resolution or web-size) each render is in. */
function layout(files: Map<string, Uint8Array>): Record<string, string> {
  const folders: Record<string, string> = {};
  for (const name of files.keys()) {
    const match = /^(full-resolution|web-size)\/[^/]+\/([0-9a-f-]{36})\.webp$/.exec(name);
    if (match) folders[match[2]!] = match[1]!;
  }
  return folders;
}

describe("GET /c/:id/download", () => {
  test("the owner (locked): their own renders, private too, at full resolution; others' at web size; bytes as stored", async () => {
    const { response, files } = await download(alice.cookie);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="ai-gallery-collection-${collectionId}.zip"`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(layout(files)).toEqual({
      [r.gallery!]: "web-size",
      [r.alicePublic!]: "full-resolution",
      [r.alicePrivate!]: "full-resolution",
      [r.bobPublic!]: "web-size",
    });
    const entry = (id: string) => [...files.entries()].find(([name]) => name.endsWith(`/${id}.webp`))![1];
    expect(entry(r.alicePrivate!)).toEqual(await stored(`images/2026/11/${r.alicePrivate}_full.webp`));
    expect(entry(r.bobPublic!)).toEqual(await stored(`images/2026/11/${r.bobPublic}.webp`));
    expect(new TextDecoder().decode(files.get("LICENSE")!)).toContain("CC0");
  });

  test("the manifest lists exactly the files, and cells a spreadsheet would run are kept as text", async () => {
    const { files } = await download(alice.cookie);
    const lines = new TextDecoder().decode(files.get("manifest.csv")!).trimEnd().split("\n");
    expect(lines[0]).toBe("id,base_prompt,style_phrase,model,created,file,licence");
    expect(lines).toHaveLength(1 + 4);
    for (const name of files.keys()) if (name.endsWith(".webp")) expect(lines.some((line) => line.includes(`,${name},`))).toBe(true);
    const csv = lines.join("\n");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`"'+bob's heron, ""quoted"""`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });

  test("signed out: only what anyone may see, all at web size; the owner's private render is not there", async () => {
    const { files } = await download(null);
    expect(layout(files)).toEqual({ [r.gallery!]: "web-size", [r.alicePublic!]: "web-size", [r.bobPublic!]: "web-size" });
    expect(new TextDecoder().decode(files.get("manifest.csv")!)).not.toContain("secret cat");
  });

  test("someone else: their own render at full resolution; unlocked: every public render at full resolution", async () => {
    expect(layout((await download(bob.cookie)).files)).toEqual({ [r.gallery!]: "web-size", [r.alicePublic!]: "web-size", [r.bobPublic!]: "full-resolution" });
    expect(layout((await download(carol.cookie)).files)).toEqual({
      [r.gallery!]: "full-resolution",
      [r.alicePublic!]: "full-resolution",
      [r.bobPublic!]: "full-resolution",
    });
  });

  test("a render made private after it was added leaves others' ZIPs; a private collection's ZIP is a 404 to others", async () => {
    t.sqlite.query("UPDATE renders SET visibility = 'private' WHERE id = ?").run(r.bobPublic!);
    try {
      expect(Object.keys(layout((await download(carol.cookie)).files))).not.toContain(r.bobPublic);
      expect(layout((await download(bob.cookie)).files)[r.bobPublic!]).toBeUndefined();
    } finally {
      t.sqlite.query("UPDATE renders SET visibility = 'public' WHERE id = ?").run(r.bobPublic!);
    }
    await send(t, "POST", `/collections/${collectionId}`, alice.cookie, { visibility: "private" });
    try {
      for (const cookie of [null, bob.cookie, carol.cookie]) expect((await get(t, `/c/${collectionId}/download`, cookie, "*/*")).status).toBe(404);
      expect((await get(t, `/c/${collectionId}/download`, alice.cookie, "*/*")).status).toBe(200);
    } finally {
      await send(t, "POST", `/collections/${collectionId}`, alice.cookie, { visibility: "public" });
    }
  });
});
