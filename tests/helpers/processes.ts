// Spawned servers and CLIs for tests: the real `bun src/index.ts` or `bun run matrix` on a temp DATA_DIR, with the
// fast generation settings and the network guard's proxy, their output collected (and shown when they fail).
import type { Subprocess } from "bun";
import { join } from "node:path";
import { FAST_GENERATION_ENV, waitFor } from "./generation";
import { guardedEnv } from "./network-guard";

export const REPO_ROOT = join(import.meta.dir, "../..");

/** A port nothing listens on right now (the OS picks it; a server started at once will get it). */
export function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  return port!;
}

/** Only what a spawned process needs: no API keys or proxies leak in from the developer's shell. */
function childEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[name];
    if (value) base[name] = value;
  }
  return { ...base, ...FAST_GENERATION_ENV, ...guardedEnv(), ...env };
}

function collect(stream: ReadableStream<Uint8Array> | null | undefined, into: string[], echo = false): Promise<void> {
  if (!stream) return Promise.resolve();
  return (async () => {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      into.push(decoder.decode(value, { stream: true }));
      if (echo) process.stderr.write(value);
    }
  })().catch(() => {});
}

export interface SpawnedProcess {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Everything it printed so far (stdout and stderr interleaved by arrival). */
  output(): string;
  /** Exit code, or throws with the output when it does not exit within `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number>;
  /** SIGKILL if still running, and wait for it (for finally blocks). */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  /**
   * Also copy the child's stderr to this process's stderr as it arrives: for long-lived servers behind
   * browser tests, where an unexpected error logged by the app must show up in the run.
   */
  echoStderr?: boolean;
  /** Working directory (the repository unless given). */
  cwd?: string;
}

export function spawnProcess(cmd: string[], env: Record<string, string>, { echoStderr = false, cwd = REPO_ROOT }: SpawnOptions = {}): SpawnedProcess {
  const chunks: string[] = [];
  const proc = Bun.spawn(cmd, { cwd, env: childEnv(env), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const drained = Promise.all([collect(proc.stdout, chunks), collect(proc.stderr, chunks, echoStderr)]);
  const output = () => chunks.join("");
  return {
    proc,
    output,
    async exited(timeoutMs = 20_000) {
      let timer: Timer | undefined;
      const code = await Promise.race([proc.exited, new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)))]);
      clearTimeout(timer);
      if (code === "timeout") throw new Error(`${cmd.join(" ")} did not exit within ${timeoutMs} ms; output:\n${output()}`);
      await drained;
      return code;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await proc.exited;
    },
  };
}

export interface SpawnedServer extends SpawnedProcess {
  port: number;
  baseUrl: string;
  /** Waits until /health answers 200. */
  ready(timeoutMs?: number): Promise<void>;
}

/** `bun src/index.ts` on DATA_DIR with the fast settings; `env` adds provider settings and overrides. */
export function spawnServer(dataDir: string, env: Record<string, string> = {}, options?: SpawnOptions): SpawnedServer {
  const port = freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawnProcess([process.execPath, "src/index.ts"], { DATA_DIR: dataDir, PORT: String(port), BASE_URL: baseUrl, ...env }, options);
  return {
    ...child,
    port,
    baseUrl,
    async ready(timeoutMs = 15_000) {
      await waitFor(
        `the server on port ${port} to answer /health`,
        async () => {
          if (child.proc.exitCode !== null) throw new Error(`the server exited with ${child.proc.exitCode}:\n${child.output()}`);
          try {
            return (await fetch(`${baseUrl}/health`)).status === 200;
          } catch {
            return false;
          }
        },
        { timeoutMs, intervalMs: 50 },
      );
    },
  };
}

/** `bun run rerender …` on DATA_DIR with the fast settings. */
export function spawnRerenderCli(dataDir: string, args: string[], env: Record<string, string> = {}): SpawnedProcess {
  return spawnProcess([process.execPath, "run", "rerender", ...args], { DATA_DIR: dataDir, ...env });
}

/** `bun run matrix …` on DATA_DIR with the fast settings. */
export function spawnMatrixCli(dataDir: string, args: string[], env: Record<string, string> = {}): SpawnedProcess {
  return spawnProcess([process.execPath, "run", "matrix", ...args], { DATA_DIR: dataDir, ...env });
}

