// Moderation and curation on both databases: hiding a render takes it out of every public read (the gallery, a
// public collection) but not its owner's, restoring brings it back, reports are settled, the curated set and the
// featured style move the gallery's version; every action writes its audit row. Through the real functions on
// bun:sqlite and on a real PostgreSQL.
import { expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import type { Data } from "../../src/db/data";
import { recentAdminActions } from "../../src/features/admin/audit";
import { curatedSet, curateRender, curationStyles, featureStyle, moveCurated, uncurateRender, unfeatureStyle } from "../../src/features/admin/curation";
import { hideRender, moderationQueue, reportRender, restoreRender } from "../../src/features/admin/service";
import { addItem, viewableItems } from "../../src/features/collections/items";
import { createCollection } from "../../src/features/collections/collections";
import { forEachBackend } from "../helpers/backends";
import { insertDoneRender, newUser } from "../helpers/backend-fixtures";

async function gallerySeq(data: Data, id: string): Promise<number | null> {
  const { renders } = data.tables;
  const [row] = await data.db.select({ seq: renders.gallerySeq }).from(renders).where(eq(renders.id, id));
  return row!.seq;
}

async function galleryVersion(data: Data): Promise<number> {
  const { galleryState } = data.tables;
  const [row] = await data.db.select({ version: galleryState.version }).from(galleryState).where(eq(galleryState.id, 1));
  return row!.version;
}

async function lastAction(data: Data) {
  const [action] = await recentAdminActions(data, 1);
  return action;
}

forEachBackend("moderation and curation", (backend) => {
  test("hiding takes a render out of every public read but its owner's, settles its reports and is audited; restoring brings it back", async () => {
    const data = backend.data;
    const admin = await newUser(data, { admin: true });
    const owner = await newUser(data);
    const id = await insertDoneRender(data, { userId: owner, visibility: "public" });
    const shelf = await createCollection(data, owner, "Shelf", "public");
    await addItem(data, owner, shelf, id);
    expect(await gallerySeq(data, id)).not.toBeNull();
    expect(await reportRender(data, id, { key: "ip:1", userId: null }, "spam")).toBe(true);
    expect(await reportRender(data, id, { key: "ip:1", userId: null }, "nsfw")).toBe(false);
    expect(await reportRender(data, id, { key: "ip:2", userId: null }, "nsfw")).toBe(true);
    const reported = (await moderationQueue(data)).reported.find((item) => item.id === id);
    expect(reported).toMatchObject({ open_reports: 2, nsfw: false, hidden_at: null });
    expect(reported!.report_reasons!.split(", ").sort()).toEqual(["nsfw", "spam"]);
    const versionBefore = await galleryVersion(data);

    await hideRender(data, admin, id, "spam", 1_700_000_000_000);
    expect(await gallerySeq(data, id)).toBeNull();
    expect(await galleryVersion(data)).toBeGreaterThan(versionBefore);
    expect((await viewableItems(data, shelf.id, null, 10)).renders).toEqual([]);
    expect((await viewableItems(data, shelf.id, owner, 10)).renders.map((render) => render.id)).toEqual([id]);
    const queue = await moderationQueue(data);
    expect(queue.reported.some((item) => item.id === id)).toBe(false);
    expect(queue.hidden.find((item) => item.id === id)).toMatchObject({ hidden_at: 1_700_000_000_000, hidden_reason: "spam", open_reports: 0 });
    expect(await lastAction(data)).toMatchObject({ action: "hide", target_id: id, reason: "spam", admin_email: expect.stringContaining("@example.com") });
    await expect(hideRender(data, admin, id, "again")).rejects.toMatchObject({ status: 409 });
    await expect(hideRender(data, admin, "no-such-render", "spam")).rejects.toMatchObject({ status: 404 });
    await expect(reportRender(data, id, { key: "ip:3", userId: null }, "spam")).rejects.toMatchObject({ status: 404 });

    await restoreRender(data, admin, id, "reviewed");
    expect(await gallerySeq(data, id)).not.toBeNull();
    expect((await viewableItems(data, shelf.id, null, 10)).renders.map((render) => render.id)).toEqual([id]);
    expect(await lastAction(data)).toMatchObject({ action: "restore", target_id: id, reason: "reviewed" });
    await expect(restoreRender(data, admin, id, null)).rejects.toMatchObject({ status: 409 });
  });

  test("the curated set: add to the end, move, remove, each moving the gallery's version and audited", async () => {
    const data = backend.data;
    const admin = await newUser(data, { admin: true });
    const [a, b, c] = [
      await insertDoneRender(data, { userId: null, visibility: "public" }),
      await insertDoneRender(data, { userId: null, visibility: "public" }),
      await insertDoneRender(data, { userId: null, visibility: "public" }),
    ] as [string, string, string];
    const hidden = await insertDoneRender(data, { userId: null, visibility: "private" });
    for (const id of [a, b, c]) await curateRender(data, admin, id, null);
    await expect(curateRender(data, admin, a, null)).rejects.toMatchObject({ status: 409 });
    await expect(curateRender(data, admin, hidden, null)).rejects.toMatchObject({ status: 409 });
    const ranked = () => curatedSet(data).then((set) => set.filter((item) => [a, b, c].includes(item.id)).map((item) => [item.id, item.curated_rank, item.published]));
    expect(await ranked()).toEqual([
      [a, 1, true],
      [b, 2, true],
      [c, 3, true],
    ]);
    const version = await galleryVersion(data);
    await moveCurated(data, admin, c, "up");
    expect(await galleryVersion(data)).toBeGreaterThan(version);
    expect(await lastAction(data)).toMatchObject({ action: "curate_move", target_id: c, reason: "up" });
    await expect(moveCurated(data, admin, a, "up")).rejects.toMatchObject({ status: 409 });
    await uncurateRender(data, admin, a, "tired of it");
    expect(await ranked()).toEqual([
      [c, 1, true],
      [b, 2, true],
    ]);
    expect(await lastAction(data)).toMatchObject({ action: "uncurate", target_id: a, reason: "tired of it" });
  });

  test("featuring a style replaces the featured one and lists it first; unfeaturing clears it; both audited", async () => {
    const data = backend.data;
    const admin = await newUser(data, { admin: true });
    await insertDoneRender(data, { userId: null, visibility: "public", stylePhrase: "Zinc etching" });
    await insertDoneRender(data, { userId: null, visibility: "public", stylePhrase: "amber glass" });
    await featureStyle(data, admin, "zinc-etching", "spotlight");
    expect((await curationStyles(data))[0]).toMatchObject({ slug: "zinc-etching", featured: true, count: 1 });
    await featureStyle(data, admin, "amber-glass", null);
    const styles = await curationStyles(data);
    expect(styles.filter((style) => style.featured).map((style) => style.slug)).toEqual(["amber-glass"]);
    expect(styles[0]!.slug).toBe("amber-glass");
    await expect(featureStyle(data, admin, "amber-glass", null)).rejects.toMatchObject({ status: 409 });
    await unfeatureStyle(data, admin, "season over");
    expect((await curationStyles(data)).some((style) => style.featured)).toBe(false);
    expect(await lastAction(data)).toMatchObject({ action: "unfeature_style", target_id: "amber-glass", reason: "season over" });
    await expect(unfeatureStyle(data, admin, null)).rejects.toMatchObject({ status: 409 });
  });
});
