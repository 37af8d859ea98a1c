// The PostgreSQL column: the same app on a copy of a synthetic gallery in a throwaway PostgreSQL 15 cluster, each
// figure a ratio to the same app on the SQLite file in the same run (PostgreSQL ÷ SQLite: above 1 is faster, for
// rates; for the queue's µs/job below 1 is faster). The cluster comes from the tests' helper (initdb + pg_ctl from
// Debian's postgresql package); without it the column is left out, saying why.
import { Database } from "bun:sqlite";
import { openPostgres } from "../src/db/pg-client";
import { migratePostgres } from "../src/db/pg-migrate";
import { postgresData } from "../src/db/data";
import { migrateDatabase } from "../src/db/migrate";
import { drizzleFor } from "../src/db/client";
import { copySqliteToPostgres } from "../src/ops/copy-to-postgres";
import { postgresUnavailable, startPostgres } from "../tests/helpers/postgres";
import { queueOverheadMicros, sqliteQueueOverheadMicros } from "./generation";
import { compareRate, type MeasureContext, SEARCH_PATH, STYLE_SLUG } from "./measurements";
import { resultRow, type ResultRow } from "./report";
import { startApp } from "./servers";
import type { SyntheticDatabase } from "./synthetic-db";

export async function measurePostgres(context: MeasureContext, database: SyntheticDatabase, appRoot: string, log: (message: string) => void): Promise<ResultRow[]> {
  const unavailable = postgresUnavailable();
  if (unavailable) {
    log(`PostgreSQL column skipped: ${unavailable}`);
    return [];
  }
  const size = database.shape.label;
  const cluster = await startPostgres();
  try {
    const url = await cluster.createDatabase(`bench_${size}`);
    const pg = openPostgres(url, { max: 2 });
    try {
      await migratePostgres(pg);
      const sqlite = new Database(database.dbPath);
      migrateDatabase(drizzleFor(sqlite));
      const started = performance.now();
      await copySqliteToPostgres(sqlite, pg);
      sqlite.close();
      log(`${size}: copied to PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await pg.close();
    }

    const rows: ResultRow[] = [];
    for (const responseCache of [true, false]) {
      const label = `${size}, ${responseCache ? "cached" : "uncached"}`;
      const onSqlite = await startApp(context.group, `app-${size}-sqlite-${label}`, { appRoot, dataDir: database.dataDir, responseCache });
      const onPostgres = await startApp(context.group, `app-${size}-pg-${label}`, { appRoot, dataDir: database.dataDir, responseCache, env: { DATABASE_URL: url } });
      try {
        const paths = responseCache ? ["/"] : ["/", `/style/${STYLE_SLUG}`, SEARCH_PATH];
        for (const path of paths) {
          rows.push(
            await compareRate(
              context,
              `${path} req/s ${label}, PostgreSQL`,
              { child: onPostgres.child, url: `${onPostgres.baseUrl}${path}`, label: `PostgreSQL ${path}` },
              { child: onSqlite.child, url: `${onSqlite.baseUrl}${path}`, label: "SQLite" },
              undefined,
            ),
          );
        }
      } finally {
        await context.group.stop(onSqlite.child);
        await context.group.stop(onPostgres.child);
      }
    }

    const queueUrl = await cluster.createDatabase(`bench_queue_${size}`);
    const queuePg = openPostgres(queueUrl, { max: 2 });
    try {
      await migratePostgres(queuePg);
      const onSqlite = await sqliteQueueOverheadMicros();
      const onPostgres = await queueOverheadMicros(postgresData(queuePg));
      rows.push(
        resultRow({
          metric: "queue scheduling overhead (claim + complete, 2000 jobs, no provider), PostgreSQL",
          value: onPostgres,
          unit: "µs/job",
          baseline: { label: "SQLite", value: onSqlite },
        }),
      );
    } finally {
      await queuePg.close();
    }
    return rows;
  } finally {
    cluster.stop();
  }
}

// `bun bench/postgres.ts [bench flags]`: this column alone, on the first dataset named (default 10k), printed and
// written to bench/results/postgres-latest.md; `bun run bench` includes it for the 10k dataset.
if (import.meta.main) {
  const { parseOptions } = await import("./options");
  const { ensureSyntheticDatabase } = await import("./synthetic-db");
  const { ProcessGroup } = await import("./processes");
  const { formatTable } = await import("./report");
  const { join } = await import("node:path");
  const parsed = parseOptions([...(Bun.argv.includes("--sizes") ? [] : ["--sizes", "10k"]), ...Bun.argv.slice(2)]);
  if (parsed === "help") process.exit(0);
  const group = new ProcessGroup();
  try {
    const database = ensureSyntheticDatabase(parsed.shapes[0]!, { rebuild: parsed.rebuild });
    const rows = await measurePostgres({ group, settings: parsed.load, rounds: parsed.rounds }, database, parsed.appRoot, (line) => console.log(`[bench] ${line}`));
    const table = formatTable(rows);
    console.log(`\n${table}\n`);
    await Bun.write(join(import.meta.dir, "results", "postgres-latest.md"), `# PostgreSQL ÷ SQLite, same run (${new Date().toISOString()})\n\nSettings: ${JSON.stringify({ ...parsed.load, rounds: parsed.rounds, dataset: database.shape.label })}\n\n${table}\n`);
  } finally {
    await group.stopAll();
  }
}
