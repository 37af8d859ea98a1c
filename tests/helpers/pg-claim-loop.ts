// A stand-in worker for the PostgreSQL queue tests: claims renders, "calls the provider" (a request the test's server
// counts while it is in flight), records the result only while it still holds the lease, and waits on LISTEN between
// claims; it stops when nothing is left pending or running. Runs in the test process and in pg-claimer-child.ts.
import { SQL } from "bun";
import { claimNextRenderPg, type ClaimSettings } from "../../src/generation/pg-queue-claim";
import { listenForQueueWork } from "../../src/generation/pg-queue-wakeup";

export async function runClaimLoop(url: string, providerUrl: string, owner: string, settings: ClaimSettings, models: string[]): Promise<string[]> {
  const sql = new SQL(url, { max: 1 });
  const wakeup = await listenForQueueWork(sql);
  const done: string[] = [];
  try {
    for (;;) {
      const job = await claimNextRenderPg(sql, settings, owner, models);
      if (job) {
        const answer = await fetch(`${providerUrl}/render?id=${encodeURIComponent(job.id)}&owner=${encodeURIComponent(owner)}`);
        if (!answer.ok) throw new Error(`provider answered ${answer.status}`);
        const recorded = await sql`
          UPDATE renders SET status = 'done', lease_until = NULL, lease_owner = NULL
          WHERE id = ${job.id} AND lease_owner = ${owner} AND status = 'running' RETURNING id`;
        if (recorded.length !== 1) throw new Error(`${owner} lost the lease on ${job.id}`);
        done.push(job.id);
        continue;
      }
      const [{ left }] = await sql`SELECT count(*)::int AS left FROM renders WHERE status IN ('pending','running')`;
      if (left === 0) return done;
      await wakeup.waitForWork(250);
    }
  } finally {
    await wakeup.close();
    await sql.close();
  }
}
