// Wakes idle workers on PostgreSQL: LISTEN on the channel that drizzle/pg/0003_queue_wakeup.sql notifies when a
// render may have become claimable, instead of polling. A worker still waits at most `maxMs`, because a retry that
// comes due later, or a lease that expires, sends no notification.
import type { SQL } from "bun";

export const QUEUE_CHANNEL = "render_queue";
export const GALLERY_CHANNEL = "gallery_changed";

export interface QueueWakeup {
  /** Resolves "notified" at the next notification (at once if one came since the last wait), else "timeout". */
  waitForWork(maxMs: number): Promise<"notified" | "timeout">;
  close(): Promise<void>;
}

export async function listenForQueueWork(sql: SQL): Promise<QueueWakeup> {
  const waiting = new Set<() => void>();
  // A notification that lands between a worker finding nothing and starting to wait is kept, not lost.
  let missed = false;
  const subscription = await sql.listen(QUEUE_CHANNEL, () => {
    if (waiting.size === 0) {
      missed = true;
      return;
    }
    for (const wake of waiting) wake();
    waiting.clear();
  });
  return {
    waitForWork(maxMs) {
      if (missed) {
        missed = false;
        return Promise.resolve("notified");
      }
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve("notified");
        };
        const timer = setTimeout(() => {
          waiting.delete(wake);
          resolve("timeout");
        }, maxMs);
        waiting.add(wake);
      });
    },
    async close() {
      for (const wake of waiting) wake();
      waiting.clear();
      await subscription.unlisten();
    },
  };
}
