// The network guard itself: a request to the outside world from this thread, a Worker or a child process is caught.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { guardedEnv, installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";

// `.invalid` never resolves (RFC 2606), so even a broken guard could not reach anything real here.
const OUTSIDE = "https://api.example.invalid/v1/models";

let guard: NetworkGuard;

beforeAll(() => {
  guard = installNetworkGuard();
});
afterEach(() => {
  // The violations below are deliberate; other files start from an empty list.
  guard.violations.length = 0;
});
afterAll(() => guard.uninstall());

test("this thread: fetch to a non-loopback host is refused before it leaves, and recorded", async () => {
  await expect(fetch(OUTSIDE)).rejects.toThrow("network guard: a test tried to reach https://api.example.invalid");
  expect(guard.violations).toEqual([`fetch: ${OUTSIDE}`]);
});

test("loopback stays allowed", async () => {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("local") });
  try {
    expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).toBe("local");
    expect(await (await fetch(`http://localhost:${server.port}/`)).text()).toBe("local");
    expect(guard.violations).toEqual([]);
  } finally {
    await server.stop(true);
  }
});

test("a Worker (own fetch, as the generation Workers have) is caught by the proxy trap", async () => {
  const source = `self.onmessage = async () => {
    try { const r = await fetch(${JSON.stringify(OUTSIDE)}); self.postMessage("status " + r.status); }
    catch (error) { self.postMessage("refused: " + error.message); }
  };`;
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "application/javascript" })));
  try {
    const reply = await new Promise<string>((resolve) => {
      worker.onmessage = (event) => resolve(String(event.data));
      worker.postMessage("go");
    });
    expect(reply).toStartWith("refused");
    expect(guard.violations).toEqual(["via proxy: CONNECT api.example.invalid:443 HTTP/1.1"]);
  } finally {
    worker.terminate();
  }
});

test("a spawned process given guardedEnv() is caught by the proxy trap", async () => {
  const child = Bun.spawn([process.execPath, "-e", `await fetch(${JSON.stringify(OUTSIDE)}).then(() => process.exit(0), () => process.exit(3))`], {
    env: { PATH: process.env.PATH ?? "", ...guardedEnv() },
    stdout: "ignore",
    stderr: "ignore",
  });
  expect(await child.exited).toBe(3);
  expect(guard.violations).toEqual(["via proxy: CONNECT api.example.invalid:443 HTTP/1.1"]);
});
