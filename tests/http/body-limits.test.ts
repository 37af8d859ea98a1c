// Bodies are judged before they are read, on a real server (Bun.serve on 127.0.0.1, port 0) and raw sockets:
// an oversize Content-Length or a signed-out upload is answered at once, a body without a length is cut off at
// the route's cap while it streams, a trickling body is dropped after BODY_TIMEOUT_MS, and a flood of large
// anonymous uploads leaves the server's memory where it was.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

const BODY_TIMEOUT_MS = 400;
let t: TestApp;
let port: number;
let origin: string;
let cookie: string;

beforeAll(async () => {
  t = createTestApp({ BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS), RATE_LIMIT_UPLOAD_PER_MINUTE: "100000", RATE_LIMIT_GENERATION_PER_MINUTE: "100000" });
  port = t.listen().port!;
  origin = `http://127.0.0.1:${port}`;
  ({ cookie } = await signIn(t, "streamer@example.com"));
});
afterAll(async () => {
  await t.app.stop(true);
  t.cleanup();
});

interface RawResult {
  status: number;
  ms: number;
  /** Body bytes the client got into the socket before the answer came. */
  sent: number;
}

/**
 * One HTTP/1.1 request over a raw socket: the head, then up to `bodyBytes` of body in 64 KB writes (as chunked
 * encoding when `chunked`), then the body is left open: resolves with the status line as soon as it arrives.
 */
function rawRequest(head: string, options: { bodyBytes: number; chunked?: boolean; timeoutMs?: number }): Promise<RawResult> {
  const started = performance.now();
  const chunk = new Uint8Array(64 * 1024).fill(120);
  const chunkFrame = (bytes: Uint8Array) => Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from("\r\n")]);
  let sent = 0;
  let answered = false;
  let pending: Uint8Array | null = null;
  return new Promise<RawResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${options.timeoutMs ?? 5000} ms (sent ${sent} bytes)`)), options.timeoutMs ?? 5000);
    const pump = (socket: { write(data: Uint8Array): number }) => {
      while (!answered) {
        if (!pending) {
          if (sent >= options.bodyBytes) return;
          const piece = chunk.subarray(0, Math.min(chunk.length, options.bodyBytes - sent));
          sent += piece.length;
          pending = options.chunked ? chunkFrame(piece) : piece;
        }
        const written = socket.write(pending);
        if (written < pending.length) {
          pending = pending.subarray(written);
          return; // wait for drain
        }
        pending = null;
      }
    };
    let received = "";
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open(socket) {
          socket.write(head);
          pump(socket);
        },
        drain: (socket) => pump(socket),
        data(socket, data) {
          received += data.toString();
          const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
          if (match && !answered) {
            answered = true;
            clearTimeout(timer);
            resolve({ status: Number(match[1]), ms: performance.now() - started, sent });
            socket.end();
          }
        },
        error: (_socket, error) => {
          if (!answered) reject(error);
        },
        close() {
          if (!answered) {
            clearTimeout(timer);
            reject(new Error(`closed without an answer (sent ${sent} bytes)`));
          }
        },
      },
    }).catch(reject);
  });
}

const MB = 1024 * 1024;

function head(path: string, headers: Record<string, string>): string {
  const lines = Object.entries({ host: `127.0.0.1:${port}`, origin, ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

describe("bodies judged before they are read", () => {
  test("a signed-out 120 MB upload gets 401 at once, without the body being read", async () => {
    const result = await rawRequest(head("/upload", { "content-type": "multipart/form-data; boundary=x", "content-length": String(120 * MB) }), { bodyBytes: 64 * 1024 });
    expect(result.status).toBe(401);
    expect(result.ms).toBeLessThan(1000);
  });

  test("a signed-in upload declaring more than the cap gets 413 at once", async () => {
    const result = await rawRequest(head("/upload", { cookie, "content-type": "multipart/form-data; boundary=x", "content-length": String(120 * MB) }), {
      bodyBytes: 64 * 1024,
    });
    expect(result.status).toBe(413);
    expect(result.ms).toBeLessThan(1000);
  });

  test.each(["/matrix", "/apply-style", "/checkout", "/auth/dev", "/webhook/stripe"])("%s declaring 2 MB of JSON gets 413 at once", async (path) => {
    const result = await rawRequest(head(path, { cookie, "content-type": "application/json", "content-length": String(2 * MB) }), { bodyBytes: 1024 });
    expect(result.status).toBe(413);
    expect(result.ms).toBeLessThan(1000);
  });

  test("a JSON body without a length is cut off at 64 KB while it streams: 413 before the body ends", async () => {
    // 160 KB sent and the body left open: only a server that stops at the cap can answer.
    const result = await rawRequest(head("/matrix", { cookie, "content-type": "application/json", "transfer-encoding": "chunked" }), {
      bodyBytes: 160 * 1024,
      chunked: true,
      timeoutMs: 3000,
    });
    expect(result.status).toBe(413);
  });

  test("a body that trickles is dropped after BODY_TIMEOUT_MS with 408", async () => {
    const result = await rawRequest(head("/matrix", { cookie, "content-type": "application/json", "content-length": "1000" }), { bodyBytes: 10, timeoutMs: 4000 });
    expect(result.status).toBe(408);
    expect(result.ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(result.ms).toBeLessThan(BODY_TIMEOUT_MS + 1500);
  });

  test("8 parallel anonymous 24 MB uploads: all refused unread, memory flat, /health stays fast", async () => {
    Bun.gc(true);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    // A well-formed multipart head, so a server that parses before judging would buffer the whole file.
    const preamble = '--x\r\ncontent-disposition: form-data; name="file"; filename="big.jpg"\r\ncontent-type: image/jpeg\r\n\r\n';
    const uploads = Array.from({ length: 8 }, () =>
      rawRequest(head("/upload", { "content-type": "multipart/form-data; boundary=x", "content-length": String(24 * MB + preamble.length) }) + preamble, {
        bodyBytes: 24 * MB,
        timeoutMs: 20_000,
      }),
    );
    const healthStarted = performance.now();
    const health = await fetch(`${origin}/health`);
    const healthMs = performance.now() - healthStarted;
    const results = await Promise.all(uploads);
    clearInterval(sampler);
    const peakMb = (peak - before) / MB;
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(401));
    // What the client got into the socket before the answer: kernel buffers at most, never the whole body.
    for (const result of results) expect(result.sent).toBeLessThan(12 * MB);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(500);
    expect(peakMb).toBeLessThan(48);
  });
});
