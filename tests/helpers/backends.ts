// One suite, two backends: `forEachBackend` runs the same tests on a migrated in-memory bun:sqlite database and on a
// fresh database of a throwaway PostgreSQL cluster (skipped, with one line saying why, where PostgreSQL cannot run).
// Starting a cluster takes seconds on a busy machine, hence the long setup timeout.
import { afterAll, beforeAll, describe } from "bun:test";
import { openDatabase } from "../../src/db/client";
import { postgresData, sqliteData, type Data } from "../../src/db/data";
import { migrateDatabase } from "../../src/db/migrate";
import { openPostgres } from "../../src/db/pg-client";
import { migratePostgres } from "../../src/db/pg-migrate";
import { skipWithoutPostgres, startPostgres } from "./postgres";

export interface Backend {
  /** The open handle; read it inside tests and hooks (it is set in beforeAll). */
  readonly data: Data;
  readonly name: "sqlite" | "postgres";
}

let databases = 0;

export function forEachBackend(title: string, suite: (backend: Backend) => void): void {
  describe(`${title} (bun:sqlite)`, () => {
    const backend = { name: "sqlite" as const } as { data: Data; name: "sqlite" };
    let close = () => {};
    beforeAll(() => {
      const { sqlite, db } = openDatabase(":memory:");
      migrateDatabase(db);
      backend.data = sqliteData(sqlite);
      close = () => sqlite.close();
    });
    afterAll(() => close());
    suite(backend);
  });

  describe.skipIf(skipWithoutPostgres())(`${title} (PostgreSQL)`, () => {
    const backend = { name: "postgres" as const } as { data: Data; name: "postgres" };
    let close = async () => {};
    beforeAll(async () => {
      const cluster = await startPostgres();
      const pg = openPostgres(await cluster.createDatabase(`gallery_${process.pid}_${++databases}`), { max: 8 });
      await migratePostgres(pg);
      backend.data = postgresData(pg);
      close = async () => {
        await pg.close();
        cluster.stop();
      };
    }, 60_000);
    afterAll(() => close());
    suite(backend);
  });
}
