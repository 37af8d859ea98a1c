// The queue claim on a real PostgreSQL: leases, attempts and models as on SQLite; the provider cap holding across
// connections and a separate process (counted by the fake provider itself, while requests are in flight); no render
// claimed twice; an expired lease claimable again; NOTIFY waking an idle worker.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { join } from "node:path";
import { claimNextRenderPg, type ClaimSettings } from "../../src/generation/pg-queue-claim";
import { GALLERY_CHANNEL, listenForQueueWork } from "../../src/generation/pg-queue-wakeup";
import { openPostgres, type Postgres } from "../../src/db/pg-client";
import { migratePostgres } from "../../src/db/pg-migrate";
import { runClaimLoop } from "../helpers/pg-claim-loop";
import { skipWithoutPostgres, startPostgres, type TestPostgres } from "../helpers/postgres";

const SETTINGS: ClaimSettings = { concurrency: 2, maxAttempts: 3, leaseMs: 60_000 };

describe.skipIf(skipWithoutPostgres())("the render queue on PostgreSQL", () => {
  let cluster: TestPostgres;
  let url: string;
  let pg: Postgres;

  beforeAll(async () => {
    cluster = await startPostgres();
    url = await cluster.createDatabase("gallery_queue");
    pg = openPostgres(url, { max: 4 });
    await migratePostgres(pg);
  });

  afterAll(async () => {
    await pg?.close();
    cluster?.stop();
  });

  beforeEach(async () => {
    await pg.client`DELETE FROM renders`;
    await pg.client`DELETE FROM matrix_runs`;
  });

  async function queue(ids: string[], model = "local:draw", extra: { matrix_run_id?: string } = {}) {
    for (const id of ids) {
      await pg.client`
        INSERT INTO renders (id, style_slug, style_phrase, base_prompt, effective_prompt, model_key, matrix_run_id)
        VALUES (${id}, 'ink', 'ink', 'a fox', 'a fox, ink', ${model}, ${extra.matrix_run_id ?? null})`;
    }
  }

  const state = async (id: string) => {
    const [row] = await pg.client`SELECT status, attempts, lease_owner, lease_until::float8 AS lease_until FROM renders WHERE id = ${id}`;
    return { ...row };
  };

  test("claims in order under the cap, leases to the owner, and takes an expired lease back", async () => {
    await pg.client`INSERT INTO matrix_runs (id, base_prompts, style_phrases, model_keys, total_cells) VALUES ('run-1', '["a fox"]', '["ink"]', '["local:draw"]', 3)`;
    await queue(["a", "b", "c"], "local:draw", { matrix_run_id: "run-1" });
    await queue(["other"], "openai:gpt-image-1");
    const t = 1_800_000_000_000;

    const first = await claimNextRenderPg(pg.client, SETTINGS, "worker-1", ["local:draw"], t);
    expect(first).toMatchObject({ id: "a", attempts: 1, modelKey: "local:draw", matrixRunId: "run-1", effectivePrompt: "a fox, ink" });
    expect(typeof first!.createdAt).toBe("number");
    expect(await state("a")).toEqual({ status: "running", attempts: 1, lease_owner: "worker-1", lease_until: t + SETTINGS.leaseMs });
    const [run] = await pg.client`SELECT status FROM matrix_runs WHERE id = 'run-1'`;
    expect(run.status).toBe("running");

    expect((await claimNextRenderPg(pg.client, SETTINGS, "worker-2", ["local:draw"], t))?.id).toBe("b");
    // Two live leases: the cap is reached, whatever model is asked for.
    expect(await claimNextRenderPg(pg.client, SETTINGS, "worker-3", ["local:draw", "openai:gpt-image-1"], t)).toBeNull();
    expect(await claimNextRenderPg(pg.client, SETTINGS, "worker-3", [], t)).toBeNull();

    // Both leases expire: they no longer count, and the oldest expired one is claimed again, as a new attempt.
    const later = t + SETTINGS.leaseMs + 1;
    expect(await claimNextRenderPg(pg.client, SETTINGS, "worker-3", ["local:draw"], later)).toMatchObject({ id: "a", attempts: 2 });
    expect(await state("a")).toMatchObject({ lease_owner: "worker-3", lease_until: later + SETTINGS.leaseMs });
    // Only the models asked for.
    expect(await claimNextRenderPg(pg.client, SETTINGS, "worker-4", ["openai:gpt-image-1"], later)).toMatchObject({ id: "other" });
    expect(await claimNextRenderPg(pg.client, SETTINGS, "worker-5", ["local:draw"], later)).toBeNull();
  });

  test("a render out of attempts or not yet due is not claimed", async () => {
    await queue(["spent", "later", "due"]);
    await pg.client`UPDATE renders SET attempts = ${SETTINGS.maxAttempts} WHERE id = 'spent'`;
    await pg.client`UPDATE renders SET next_attempt_at = ${2_000_000_000_000} WHERE id = 'later'`;
    expect((await claimNextRenderPg(pg.client, SETTINGS, "w", ["local:draw"], 1_900_000_000_000))?.id).toBe("due");
    expect(await claimNextRenderPg(pg.client, SETTINGS, "w", ["local:draw"], 1_900_000_000_000)).toBeNull();
    // Without a time given, the database's clock decides: "later" is still in the future.
    expect(await claimNextRenderPg(pg.client, { ...SETTINGS, concurrency: 5 }, "w", ["local:draw"])).toBeNull();
  });

  test("workers on separate connections and in another process never exceed the cap, and run each render once", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `job-${String(i).padStart(2, "0")}`);
    await queue(ids);
    let inFlight = 0;
    let mostInFlight = 0;
    const served: string[] = [];
    const provider = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      async fetch(request) {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        served.push(new URL(request.url).searchParams.get("id")!);
        await Bun.sleep(15);
        inFlight--;
        return new Response("ok");
      },
    });
    const providerUrl = `http://127.0.0.1:${provider.port}`;
    try {
      const child = Bun.spawn(
        [process.execPath, join(import.meta.dir, "../helpers/pg-claimer-child.ts"), url, providerUrl, "process-2", String(SETTINGS.concurrency), "local:draw"],
        { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test" }, stdout: "pipe", stderr: "pipe" },
      );
      const local = await Promise.all([1, 2, 3, 4].map((n) => runClaimLoop(url, providerUrl, `process-1-worker-${n}`, SETTINGS, ["local:draw"])));
      const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
      expect({ code, err }).toEqual({ code: 0, err: "" });
      const fromChild = (JSON.parse(out) as { done: string[] }).done;

      expect(mostInFlight).toBe(SETTINGS.concurrency);
      expect([...served].sort()).toEqual(ids);
      expect([...local.flat(), ...fromChild].sort()).toEqual(ids);
      expect(fromChild.length).toBeGreaterThan(0);
      expect(local.flat().length).toBeGreaterThan(0);
      const [{ done, single }] = await pg.client`
        SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE attempts = 1)::int AS single FROM renders`;
      expect({ done, single }).toEqual({ done: ids.length, single: ids.length });
    } finally {
      provider.stop(true);
    }
  });

  test("NOTIFY wakes an idle worker when a render is queued or a running one frees its slot", async () => {
    const listener = new SQL(url, { max: 1 });
    const wakeup = await listenForQueueWork(listener);
    try {
      const waiting = wakeup.waitForWork(30_000);
      await queue(["new"]);
      expect(await waiting).toBe("notified");

      await claimNextRenderPg(pg.client, SETTINGS, "w", ["local:draw"]);
      // The claim's own notification (nothing freed) is none: pending → running does not wake anyone.
      const freed = wakeup.waitForWork(30_000);
      await pg.client`UPDATE renders SET status = 'done', lease_owner = NULL WHERE id = 'new'`;
      expect(await freed).toBe("notified");

      // A notification that arrives while nobody waits is kept for the next wait.
      await queue(["while-busy"]);
      await Bun.sleep(50);
      expect(await wakeup.waitForWork(30_000)).toBe("notified");
    } finally {
      await wakeup.close();
      await listener.close();
    }
  });

  test("a rolled-back insert wakes nobody; the gallery version is announced on its own channel", async () => {
    const listener = new SQL(url, { max: 1 });
    const wakeup = await listenForQueueWork(listener);
    const versions: string[] = [];
    const announced = Promise.withResolvers<void>();
    const subscription = await listener.listen(GALLERY_CHANNEL, (payload) => {
      versions.push(payload);
      announced.resolve();
    });
    try {
      await pg.client.begin(async (tx) => {
        await tx`INSERT INTO renders (id, style_slug, style_phrase, base_prompt, effective_prompt, model_key) VALUES ('gone', 'ink', 'ink', 'x', 'x', 'local:draw')`;
        await tx`SELECT 1/0`;
      }).catch(() => {});
      expect(await wakeup.waitForWork(300)).toBe("timeout");

      const [{ version }] = await pg.client`SELECT version::int AS version FROM gallery_state`;
      await queue(["public-queued"]);
      await announced.promise;
      expect(versions).toEqual([String(version + 1)]);
    } finally {
      await subscription.unlisten();
      await wakeup.close();
      await listener.close();
    }
  });
});
