// The queue claim on PostgreSQL, with the contract of claimNext in queue.ts: the next due render of the given models
// (pending and due, or running with an expired lease; attempts left), leased to `owner`, and never more running
// renders with a live lease than settings.concurrency across every process and machine on the database.
import type { SQL } from "bun";
import { log } from "../log";
import type { ClaimedRender, QueueSettings } from "./queue";

/**
 * Claims take turns under this transaction-scoped advisory lock, so counting the live leases and taking one more
 * cannot interleave with another claimer doing the same (two claimers each counting 1 of 2 would both claim).
 * The lock is held for a count and one indexed UPDATE; FOR UPDATE SKIP LOCKED still steps over rows that other
 * transactions (a completion, a cancel) hold, rather than waiting for them.
 */
export const CLAIM_LOCK = 7_140_002;

export type ClaimSettings = Pick<QueueSettings, "concurrency" | "maxAttempts" | "leaseMs">;

interface ClaimedRow extends Omit<ClaimedRender, "createdAt"> {
  createdAt: string | number;
}

/** The database's clock in epoch ms, so processes on machines whose clocks disagree still agree on leases. */
async function databaseNow(tx: SQL): Promise<number> {
  const [row] = await tx`SELECT floor(extract(epoch from clock_timestamp()) * 1000)::float8 AS now`;
  return row.now as number;
}

/**
 * `now` (epoch ms) is for tests that move time; without it the database's clock is used. Resolves to null when
 * nothing is due or every provider slot is taken.
 */
export async function claimNextRenderPg(
  sql: SQL,
  settings: ClaimSettings,
  owner: string,
  models: readonly string[],
  now?: number,
): Promise<ClaimedRender | null> {
  if (models.length === 0) return null;
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`;
    const at = now ?? (await databaseNow(tx));
    const [{ running }] = await tx`
      SELECT count(*)::int AS running FROM renders
      WHERE status IN ('pending','running') AND status = 'running' AND lease_until >= ${at}`;
    if (running >= settings.concurrency) return null;
    const [row] = (await tx`
      UPDATE renders SET status = 'running', attempts = attempts + 1, lease_until = ${at + settings.leaseMs}, lease_owner = ${owner}
      WHERE seq = (
        SELECT seq FROM renders
        WHERE status IN ('pending','running')
          AND ((status = 'pending' AND next_attempt_at <= ${at}) OR (status = 'running' AND lease_until < ${at}))
          AND attempts < ${settings.maxAttempts}
          AND model_key = ANY(${tx.array([...models], "TEXT")})
        ORDER BY next_attempt_at, seq
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING id, model_key AS "modelKey", base_prompt AS "basePrompt", style_phrase AS "stylePhrase",
        effective_prompt AS "effectivePrompt", input_image_path AS "inputImagePath", strength, provider_job_id AS "providerJobId",
        attempts, matrix_run_id AS "matrixRunId", user_id AS "userId", cost_credits AS "costCredits", created_at AS "createdAt"`) as ClaimedRow[];
    if (!row) return null;
    if (row.matrixRunId) await tx`UPDATE matrix_runs SET status = 'running' WHERE id = ${row.matrixRunId} AND status = 'queued'`;
    log.event("job claimed", {
      render: row.id,
      model: row.modelKey,
      attempt: row.attempts,
      run: row.matrixRunId ?? undefined,
      user: row.userId ?? undefined,
    });
    return { ...row, createdAt: Number(row.createdAt) };
  });
}
