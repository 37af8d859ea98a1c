// The gallery's version on PostgreSQL, as the response cache sees it, without a round trip per request: the value is
// kept in memory and replaced when the `gallery_changed` notification arrives (drizzle/pg/0003_queue_wakeup.sql sends
// it on every bump, from any process), and re-read every `pollMs` in case a notification was missed while the
// listening connection was down. So no process serves a page older than a committed change plus one poll interval.
import { GALLERY_CHANNEL } from "../generation/pg-queue-wakeup";
import type { Postgres } from "../db/pg-client";
import { log } from "../log";

export const PG_VERSION_POLL_MS = 1_000;

export interface GalleryVersionFollower {
  current(): number;
  close(): Promise<void>;
}

export async function followGalleryVersion({ client }: Postgres, pollMs = PG_VERSION_POLL_MS): Promise<GalleryVersionFollower> {
  let version = -1;
  const refresh = async () => {
    try {
      const [row] = await client`SELECT version FROM gallery_state WHERE id = 1`;
      version = Number(row?.version ?? 0);
    } catch (error) {
      // The database handle was closed (the process is stopping): nothing left to follow.
      if ((error as { code?: string }).code === "ERR_POSTGRES_CONNECTION_CLOSED") return clearInterval(timer);
      log.warn(`gallery version: re-read failed (${(error as Error).message}); pages may be up to one poll late`);
    }
  };
  const subscription = await client.listen(GALLERY_CHANNEL, (payload) => {
    const announced = Number(payload);
    if (Number.isFinite(announced) && announced > version) version = announced;
    else void refresh();
  });
  const timer = setInterval(refresh, pollMs);
  timer.unref();
  await refresh();
  return {
    current: () => version,
    async close() {
      clearInterval(timer);
      await subscription.unlisten();
    },
  };
}
