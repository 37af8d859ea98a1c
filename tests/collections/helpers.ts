// Collection tests' shared moves: JSON writes as a signed-in browser would send them, and renders with real files.
import sharp from "sharp";
import { createImageStore } from "../../src/storage";
import { ORIGIN } from "../helpers/sign-in";
import { insertRender, type RenderFixture, type TestApp } from "../helpers/test-app";

export function send(t: TestApp, method: string, path: string, cookie: string | null, body?: unknown, origin = ORIGIN): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", "content-type": "application/json", origin };
  if (cookie) headers.cookie = cookie;
  return t.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export function get(t: TestApp, path: string, cookie: string | null, accept = "text/html"): Promise<Response> {
  return t.request(path, { headers: cookie ? { cookie, accept } : { accept } });
}

export async function createCollection(t: TestApp, cookie: string, body: Record<string, unknown>): Promise<{ id: string; name: string; visibility: string; url: string }> {
  const response = await send(t, "POST", "/collections", cookie, body);
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A finished render with a real full-resolution original and a smaller web image, in distinct colours. */
export async function renderWithFiles(t: TestApp, fixture: RenderFixture, colour: string): Promise<string> {
  const store = createImageStore(t.config.storage);
  const id = insertRender(t.sqlite, fixture);
  if ((fixture.status ?? "done") !== "done") return id;
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: colour } }).png().toBuffer();
  await store.write(`images/2026/11/${id}_full.webp`, await sharp(png).webp({ lossless: true }).toBuffer());
  await store.write(`images/2026/11/${id}.webp`, await sharp(png).resize(8, 8).webp().toBuffer());
  return id;
}

/** Lifetime spend past the unlock threshold: full access. */
export function unlock(t: TestApp, userId: number): void {
  t.sqlite
    .query("INSERT INTO payments (id, user_id, kind, product, amount_cents, credits, status) VALUES (?, ?, 'credits', 'credits_500', 100000, 500, 'paid')")
    .run(`cs_test_${crypto.randomUUID()}`, userId);
}
