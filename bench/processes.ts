// Child processes of a bench run: spawned into one group that is always stopped, plus free ports, readiness polling and peak RSS.
import type { Subprocess } from "bun";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const LOG_DIR = join(import.meta.dir, ".work", "logs");
const STOP_GRACE_MS = 3_000;

export interface Child {
  name: string;
  process: Subprocess;
  pid: number;
  logPath: string;
}

/** Every process the bench starts goes through here, so one `stopAll` in a finally ends them all. */
export class ProcessGroup {
  private readonly children = new Set<Child>();

  spawn(name: string, command: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Child {
    mkdirSync(LOG_DIR, { recursive: true });
    const logPath = join(LOG_DIR, `${name}.log`);
    const process_ = Bun.spawn(command, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdin: "ignore",
      stdout: Bun.file(logPath),
      stderr: Bun.file(`${logPath}.err`),
    });
    const child = { name, process: process_, pid: process_.pid, logPath };
    this.children.add(child);
    return child;
  }

  /**
   * Runs `work` with every other child of the group paused (SIGSTOP), so the process being measured
   * shares the CPU with nothing the bench started; they are resumed however `work` ends.
   */
  async alone<T>(child: Child, work: () => Promise<T>): Promise<T> {
    const others = [...this.children].filter((other) => other !== child && isRunning(other));
    for (const other of others) other.process.kill("SIGSTOP");
    try {
      return await work();
    } finally {
      for (const other of others) if (isRunning(other)) other.process.kill("SIGCONT");
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  async stop(child: Child): Promise<void> {
    this.children.delete(child);
    if (!isRunning(child)) return;
    // A paused process would hold SIGTERM until continued.
    child.process.kill("SIGCONT");
    child.process.kill("SIGTERM");
    const exited = await Promise.race([child.process.exited.then(() => true), Bun.sleep(STOP_GRACE_MS).then(() => false)]);
    if (!exited) {
      child.process.kill("SIGKILL");
      await child.process.exited;
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.stop(child)));
  }
}

function isRunning(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

/** A port the OS reports free right now (another process could still take it before the child binds). */
export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/**
 * Polls `url` until it answers 200, the child exits, or the deadline passes. Returns milliseconds
 * from `startedAt` (a performance.now() value) to the first 200.
 */
export async function waitForOk(
  url: string,
  child: Child,
  options: { startedAt?: number; timeoutMs: number; intervalMs: number },
): Promise<number> {
  const startedAt = options.startedAt ?? performance.now();
  const deadline = startedAt + options.timeoutMs;
  while (performance.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(`${child.name} exited with code ${child.process.exitCode} before answering; see ${child.logPath}.err`);
    }
    try {
      // A slow first answer still counts: the time to it is what is measured.
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, deadline - performance.now())) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - startedAt;
    } catch {
      // Not listening yet.
    }
    await Bun.sleep(options.intervalMs);
  }
  throw new Error(`${child.name} did not answer 200 at ${url} within ${options.timeoutMs} ms; see ${child.logPath}.err`);
}

/** Peak resident set size (VmHWM) of a live process, in MiB. */
export async function peakRssMiB(pid: number): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text();
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}
