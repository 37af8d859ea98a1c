// WEB_CONCURRENCY: the first process starts the others as web-only copies of itself on the same port (reusePort),
// so the kernel spreads connections over the cores. The database, the response-cache version and the capped claim
// already work across processes; the in-memory rate limits are per process.
import type { Subprocess } from "bun";

/** Set on the copies, so they serve HTTP only: no worker pool, no seeding, no copies of their own. */
export const WEB_COPY_ENV = "GALLERY_WEB_COPY";

export function isWebCopy(): boolean {
  return process.env[WEB_COPY_ENV] === "1";
}

/** Starts `count` web-only copies of this process; they end when it ends. */
export function startWebCopies(count: number): Subprocess[] {
  const copies: Subprocess[] = [];
  for (let i = 0; i < count; i++) {
    copies.push(
      Bun.spawn([process.execPath, ...process.argv.slice(1)], {
        env: { ...process.env, [WEB_COPY_ENV]: "1" },
        stdin: "ignore",
        stdout: "inherit",
        stderr: "inherit",
      }),
    );
  }
  return copies;
}

/** Forwards a stop to the copies and waits (bounded) for them to exit. */
export async function stopWebCopies(copies: Subprocess[], signal: NodeJS.Signals, graceMs: number): Promise<void> {
  for (const copy of copies) if (copy.exitCode === null) copy.kill(signal);
  await Promise.race([Promise.all(copies.map((copy) => copy.exited)), Bun.sleep(graceMs)]);
  for (const copy of copies) if (copy.exitCode === null) copy.kill("SIGKILL");
}

/** A copy exits when the process that started it is gone (even by SIGKILL), rather than keep the port. */
export function exitWithParent(pollMs = 1_000): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, pollMs).unref();
}
