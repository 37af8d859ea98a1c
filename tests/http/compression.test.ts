// Pages and assets go out compressed when the client accepts it: br first, then gzip, one ETag per encoding.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { chooseEncoding } from "../../src/http/compression";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;

beforeAll(() => {
  t = createTestApp();
  for (const basePrompt of ["a red fox", "a lighthouse", "a robot", "a bowl of fruit"]) {
    insertRender(t.sqlite, { basePrompt, stylePhrase: "oil painting", modelKey: "local:paint" });
    insertRender(t.sqlite, { basePrompt, stylePhrase: "oil painting", modelKey: "local:sketch" });
  }
});
afterAll(() => t.cleanup());

const decoders = { br: brotliDecompressSync, gzip: gunzipSync };

describe("Accept-Encoding", () => {
  test("br is preferred, gzip next, q=0 refuses, nothing means identity", () => {
    expect(chooseEncoding("gzip, deflate, br")).toBe("br");
    expect(chooseEncoding("gzip, br;q=0")).toBe("gzip");
    expect(chooseEncoding("deflate")).toBe("identity");
    expect(chooseEncoding("*")).toBe("br");
    expect(chooseEncoding(null)).toBe("identity");
  });
});

describe("cached pages", () => {
  for (const encoding of ["br", "gzip"] as const) {
    test(`${encoding}: smaller bytes that decode to the identity page, Vary and a distinct ETag`, async () => {
      const plain = await t.request("/style/oil-painting");
      const plainHtml = await plain.text();
      const compressed = await t.request("/style/oil-painting", { headers: { "accept-encoding": encoding } });
      expect(compressed.status).toBe(200);
      expect(compressed.headers.get("content-encoding")).toBe(encoding);
      expect(compressed.headers.get("vary")).toBe("Accept-Encoding");
      expect(plain.headers.get("vary")).toBe("Accept-Encoding");
      expect(compressed.headers.get("content-security-policy")).toContain("default-src 'self'");
      const bytes = Buffer.from(await compressed.arrayBuffer());
      expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(plainHtml) / 2);
      expect(decoders[encoding](bytes).toString("utf8")).toBe(plainHtml);
      const etag = compressed.headers.get("etag")!;
      expect(etag).not.toBe(plain.headers.get("etag"));

      const revalidated = await t.request("/style/oil-painting", { headers: { "accept-encoding": encoding, "if-none-match": etag } });
      expect(revalidated.status).toBe(304);
      // The identity ETag does not validate a compressed representation, and the other way round.
      const crossed = await t.request("/style/oil-painting", { headers: { "if-none-match": etag } });
      expect(crossed.status).toBe(200);
    });
  }
});

describe("assets", () => {
  test("app.js and app.css are served br-compressed, and decode to the built file", async () => {
    for (const name of ["app.js", "app.css"]) {
      const response = await t.request(`/${name}?v=1`, { headers: { "accept-encoding": "gzip, br" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-encoding")).toBe("br");
      expect(response.headers.get("cache-control")).toContain("immutable");
      const decoded = brotliDecompressSync(Buffer.from(await response.arrayBuffer()));
      const built = Buffer.from(await Bun.file(new URL(`../../public/${name}`, import.meta.url)).arrayBuffer());
      expect(decoded.equals(built)).toBe(true);
    }
  });

  test("a client that accepts nothing gets the plain file", async () => {
    const response = await t.request("/app.css");
    expect(response.headers.get("content-encoding")).toBeNull();
    expect((await response.text()).length).toBeGreaterThan(1000);
  });
});

describe("pages built per request", () => {
  test("the account page is compressed on the fly and keeps its private cache policy and security headers", async () => {
    const { cookie } = await signIn(t, "reader@example.com");
    const plain = await t.request("/account", { headers: { cookie } });
    const html = await plain.text();
    expect(plain.status).toBe(200);
    const compressed = await t.request("/account", { headers: { cookie, "accept-encoding": "gzip" } });
    expect(compressed.status).toBe(200);
    expect(compressed.headers.get("content-encoding")).toBe("gzip");
    expect(compressed.headers.get("vary")).toContain("Accept-Encoding");
    expect(compressed.headers.get("cache-control")).toBe("private, no-store");
    expect(compressed.headers.get("content-security-policy")).toContain("default-src 'self'");
    const decoded = gunzipSync(Buffer.from(await compressed.arrayBuffer())).toString("utf8");
    expect(decoded).toBe(html);
  });

  test("a small answer stays uncompressed", async () => {
    const response = await t.request("/me", { headers: { accept: "application/json", "accept-encoding": "br" } });
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(await response.json()).toMatchObject({ user_id: null });
  });
});
