// Makes a test fail on any request that leaves the machine: from this thread, its Workers, or spawned processes.
//
// Two layers, because Workers and child processes have their own `fetch`:
// 1. `globalThis.fetch` in this thread is wrapped to throw on a non-loopback host.
// 2. HTTP_PROXY/HTTPS_PROXY point at a trap on 127.0.0.1 (NO_PROXY exempts loopback). Bun's fetch in
//    every thread honours them, and `guardedEnv()` hands them to spawned processes, so any request to
//    the outside world reaches the trap, which records it and refuses it.
import { expect } from "bun:test";
import type { Socket, TCPSocketListener } from "bun";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy"] as const;

const violations: string[] = [];
let installs = 0;
let originalFetch: typeof fetch | undefined;
let trap: TCPSocketListener<undefined> | undefined;
let savedEnv: Partial<Record<(typeof PROXY_VARIABLES)[number], string | undefined>> = {};
let proxyEnv: Record<string, string> = {};

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

function requestUrl(input: string | URL | Request): URL | undefined {
  try {
    return new URL(input instanceof Request ? input.url : String(input));
  } catch {
    return undefined;
  }
}

function startTrap(): TCPSocketListener<undefined> {
  return Bun.listen<undefined>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(socket: Socket<undefined>, data) {
        // "CONNECT api.openai.com:443 HTTP/1.1" or "GET http://example.com/ HTTP/1.1"
        const requestLine = data.toString("latin1").split("\r\n", 1)[0] ?? "";
        violations.push(`via proxy: ${requestLine}`);
        socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      },
      error() {},
    },
  });
}

/** Installs the guard (idempotent; pair every call with `uninstall`). */
export function installNetworkGuard() {
  if (installs++ === 0) {
    violations.length = 0;
    originalFetch = globalThis.fetch;
    const inner = originalFetch;
    const guarded = ((input: string | URL | Request, init?: RequestInit) => {
      const url = requestUrl(input);
      if (url && (url.protocol === "http:" || url.protocol === "https:") && !isLoopback(url)) {
        violations.push(`fetch: ${url.href}`);
        return Promise.reject(new Error(`network guard: a test tried to reach ${url.origin}; only 127.0.0.1 is allowed`));
      }
      return inner(input, init);
    }) as typeof fetch;
    globalThis.fetch = Object.assign(guarded, { preconnect: inner.preconnect });
    trap = startTrap();
    const proxy = `http://127.0.0.1:${trap.port}`;
    proxyEnv = { HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy, NO_PROXY: "127.0.0.1,localhost,::1", no_proxy: "127.0.0.1,localhost,::1" };
    savedEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
    Object.assign(process.env, proxyEnv);
  }
  return {
    violations,
    uninstall(): void {
      if (--installs > 0) return;
      if (originalFetch) globalThis.fetch = originalFetch;
      originalFetch = undefined;
      trap?.stop(true);
      trap = undefined;
      for (const name of PROXY_VARIABLES) {
        const value = savedEnv[name];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}

export type NetworkGuard = ReturnType<typeof installNetworkGuard>;

/** Environment for a spawned process so that its requests to the outside world also hit the trap. */
export function guardedEnv(): Record<string, string> {
  if (installs === 0) throw new Error("installNetworkGuard() first");
  return { ...proxyEnv };
}

/** Every request attempted so far stayed on 127.0.0.1. */
export function expectNoExternalRequests(): void {
  expect(violations).toEqual([]);
}
