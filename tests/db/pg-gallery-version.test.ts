// The response cache's view of the gallery version on PostgreSQL: a bump committed by any connection reaches the
// follower by notification, and the periodic re-read catches a bump whose notification never came.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openPostgres, type Postgres } from "../../src/db/pg-client";
import { migratePostgres } from "../../src/db/pg-migrate";
import { followGalleryVersion, type GalleryVersionFollower } from "../../src/http/pg-gallery-version";
import { waitFor } from "../helpers/generation";
import { skipWithoutPostgres, startPostgres, type TestPostgres } from "../helpers/postgres";

describe.skipIf(skipWithoutPostgres())("the gallery version on PostgreSQL", () => {
  let cluster: TestPostgres;
  let follower: Postgres;
  let writer: Postgres;
  let followed: GalleryVersionFollower;

  beforeAll(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase("gallery_version");
    follower = openPostgres(url, { max: 2 });
    writer = openPostgres(url, { max: 1 });
    await migratePostgres(follower);
    followed = await followGalleryVersion(follower, 300);
  }, 60_000);

  afterAll(async () => {
    await followed?.close();
    await follower?.close();
    await writer?.close();
    cluster?.stop();
  });

  test("starts at the stored version and follows a bump another connection commits", async () => {
    const [{ version }] = (await writer.client`SELECT version FROM gallery_state WHERE id = 1`) as [{ version: number }];
    expect(followed.current()).toBe(Number(version));
    await writer.client`UPDATE gallery_state SET version = version + 1 WHERE id = 1`;
    await waitFor("the bump to arrive", () => followed.current() === Number(version) + 1, { timeoutMs: 5_000, intervalMs: 10 });
  });

  test("a bump made while notifications are off is picked up by the next re-read", async () => {
    const before = followed.current();
    await writer.client.begin(async (tx) => {
      await tx`ALTER TABLE gallery_state DISABLE TRIGGER gallery_state_announce`;
      await tx`UPDATE gallery_state SET version = version + 5 WHERE id = 1`;
      await tx`ALTER TABLE gallery_state ENABLE TRIGGER gallery_state_announce`;
    });
    await waitFor("the re-read to see the bump", () => followed.current() === before + 5, { timeoutMs: 5_000, intervalMs: 20 });
  });
});
