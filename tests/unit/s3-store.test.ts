// What only the S3 store does: one PutObject per write (no multipart, see oven-sh/bun#39838 and #42722), objects
// under the prefix, presigned redirects, and a defined failure, never a hang, when the credentials are refused,
// the endpoint is down or it never answers.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { S3Client, type TCPSocketListener } from "bun";
import { createImageStore, renderImageKeys, StoreUnavailableError } from "../../src/storage";
import { freePort } from "../helpers/processes";
import { S3_BUCKET, startS3Server, type TestS3Server } from "../helpers/s3-server";

const DATE = new Date(Date.UTC(2026, 10, 25));
let s3: TestS3Server;
/** Accepts connections and never answers: an endpoint behind a dead load balancer. */
let silent: TCPSocketListener<undefined>;

beforeAll(async () => {
  s3 = await startS3Server();
  silent = Bun.listen<undefined>({ hostname: "127.0.0.1", port: 0, socket: { data() {}, error() {} } });
});
afterAll(async () => {
  silent.stop(true);
  await s3.stop();
});

test("a 20 MB write is one PutObject carrying the whole object, so S3 replaces it whole or not at all", async () => {
  const requests: string[] = [];
  // A recording relay in front of s3rver: what the store sends, request by request.
  const relay = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    maxRequestBodySize: 64 * 1024 * 1024,
    async fetch(request) {
      const url = new URL(request.url);
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
      requests.push(`${request.method} ${url.pathname}${url.search} ${body?.byteLength ?? 0}`);
      const headers = new Headers(request.headers);
      headers.delete("host");
      return fetch(`${s3.endpoint}${url.pathname}${url.search}`, { method: request.method, headers, body });
    },
  });
  try {
    const store = createImageStore(s3.storeConfig("relay", { endpoint: `http://127.0.0.1:${relay.port}` }));
    const key = renderImageKeys(crypto.randomUUID(), DATE).full;
    await store.write(key, new Uint8Array(20 * 1024 * 1024).fill(7));
    expect(requests).toEqual([`PUT /${S3_BUCKET}/relay/${key} ${20 * 1024 * 1024}`]);
    expect((await store.stat(key))?.size).toBe(20 * 1024 * 1024);
  } finally {
    relay.stop(true);
  }
});

test("objects live under the prefix, so one bucket holds several galleries apart", async () => {
  const key = renderImageKeys(crypto.randomUUID(), DATE).web;
  const mine = createImageStore(s3.storeConfig("gallery-a"));
  const theirs = createImageStore(s3.storeConfig("gallery-b"));
  await mine.write(key, Buffer.from("mine"));
  expect(await theirs.stat(key)).toBeNull();
  const bucket = new S3Client({ endpoint: s3.endpoint, bucket: S3_BUCKET, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
  expect((await bucket.list({ prefix: "gallery-a/" })).contents?.map((object) => object.key)).toEqual([`gallery-a/${key}`]);
});

test("S3_PUBLIC_IMAGES=redirect: a presigned URL on the endpoint's origin that serves the object", async () => {
  const store = createImageStore(s3.storeConfig("redirects", { publicImages: "redirect" }));
  const key = renderImageKeys(crypto.randomUUID(), DATE).thumb;
  await store.write(key, Buffer.from("thumbnail bytes"));
  const url = store.publicRedirect(key)!;
  expect(new URL(url).origin).toBe(s3.endpoint);
  expect(store.redirectOrigin).toBe(s3.endpoint);
  expect(new URL(url).searchParams.get("X-Amz-Expires")).toBe("3600");
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("thumbnail bytes");
});

test("refused credentials: check, stat and read fail with StoreUnavailableError naming the variables, never 'missing'", async () => {
  const store = createImageStore(s3.storeConfig("refused", { accessKeyId: "WRONG-KEY" }));
  const key = renderImageKeys(crypto.randomUUID(), DATE).web;
  await expect(store.check()).rejects.toThrow(/refused the credentials \(InvalidAccessKeyId.*check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
  await expect(store.stat(key)).rejects.toBeInstanceOf(StoreUnavailableError);
  await expect(store.read(key)).rejects.toBeInstanceOf(StoreUnavailableError);
  await expect(store.write(key, Buffer.from("x"))).rejects.toBeInstanceOf(StoreUnavailableError);
});

test("a bucket that does not exist is named as such", async () => {
  const store = createImageStore({ ...s3.storeConfig("x"), bucket: "no-such-bucket" });
  await expect(store.check()).rejects.toThrow("the bucket does not exist (NoSuchBucket)");
});

test("an endpoint nothing listens on: a StoreUnavailableError saying it cannot connect", async () => {
  const endpoint = `http://127.0.0.1:${freePort()}`;
  const store = createImageStore(s3.storeConfig("down", { endpoint }));
  await expect(store.check()).rejects.toThrow(`cannot connect to ${endpoint}`);
  await expect(store.stat(renderImageKeys(crypto.randomUUID(), DATE).web)).rejects.toBeInstanceOf(StoreUnavailableError);
});

test("an endpoint that never answers: every operation fails at the deadline instead of hanging", async () => {
  const store = createImageStore(s3.storeConfig("silent", { endpoint: `http://127.0.0.1:${silent.port}`, timeoutMs: 300 }));
  const key = renderImageKeys(crypto.randomUUID(), DATE).web;
  await expect(store.check()).rejects.toThrow("listing the bucket got no answer within 300 ms");
  await expect(store.stat(key)).rejects.toThrow(`reading the size of ${key} got no answer within 300 ms`);
  await expect(new Response(store.readStream(key)).arrayBuffer()).rejects.toThrow(`reading ${key} got no answer within 300 ms`);
  await expect(store.write(key, Buffer.from("x"))).rejects.toBeInstanceOf(StoreUnavailableError);
});
