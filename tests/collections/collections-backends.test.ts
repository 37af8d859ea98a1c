// Collections on both databases: creating one (and the per-account cap), adding and removing renders, newest-first
// keyset pages, and privacy (a private collection, and private renders in a public one, seen by their owner only);
// through the real functions on bun:sqlite and on a real PostgreSQL.
import { expect, test } from "bun:test";
import type { Data } from "../../src/db/data";
import { createCollection, deleteCollection, favouritesOf, findVisibleCollection, listOwnCollections, updateCollection } from "../../src/features/collections/collections";
import { addItem, containedAmong, ownCollectionStats, publicCover, removeItem, viewableItemCount, viewableItems } from "../../src/features/collections/items";
import { MAX_COLLECTIONS_PER_USER } from "../../src/features/collections/model";
import { createCollectionWith } from "../../src/features/collections/service";
import { forEachBackend } from "../helpers/backends";
import { insertDoneRender, newUser } from "../helpers/backend-fixtures";

forEachBackend("collections", (backend) => {
  test("create, list (favourites first), rename, and the per-account cap answered 409 with nothing written", async () => {
    const data = backend.data;
    const userId = await newUser(data);
    const trip = await createCollection(data, userId, "Trip", "private");
    expect(trip).toMatchObject({ user_id: userId, name: "Trip", kind: "named", visibility: "private" });
    expect(typeof trip.created_at).toBe("number");
    const favourites = await favouritesOf(data, userId);
    expect((await favouritesOf(data, userId)).id).toBe(favourites.id);
    expect((await listOwnCollections(data, userId)).map((c) => c.name)).toEqual(["Favourites", "Trip"]);
    expect(await updateCollection(data, userId, trip.id, { name: "Road trip", visibility: "public" })).toMatchObject({ name: "Road trip", visibility: "public" });
    await expect(updateCollection(data, userId, favourites.id, { name: "Mine" })).rejects.toMatchObject({ status: 400 });
    await expect(deleteCollection(data, userId, favourites.id)).rejects.toMatchObject({ status: 400 });

    for (let n = (await listOwnCollections(data, userId)).length; n < MAX_COLLECTIONS_PER_USER; n++) await createCollection(data, userId, `c${n}`, "private");
    await expect(createCollection(data, userId, "one too many", "private")).rejects.toMatchObject({ status: 409 });
    expect(await listOwnCollections(data, userId)).toHaveLength(MAX_COLLECTIONS_PER_USER);
  });

  test("add and remove items: again is a no-op, others' private renders cannot be added, a refused first render leaves no collection", async () => {
    const data = backend.data;
    const userId = await newUser(data);
    const other = await newUser(data);
    const mine = await insertDoneRender(data, { userId, visibility: "private" });
    const theirs = await insertDoneRender(data, { userId: other, visibility: "public" });
    const theirPrivate = await insertDoneRender(data, { userId: other, visibility: "private" });
    const box = await createCollection(data, userId, "Box", "private");
    expect(await addItem(data, userId, box, mine)).toEqual({ added: true });
    expect(await addItem(data, userId, box, mine)).toEqual({ added: false });
    expect(await addItem(data, userId, box, theirs)).toEqual({ added: true });
    await expect(addItem(data, userId, box, theirPrivate)).rejects.toMatchObject({ status: 404 });
    await expect(addItem(data, other, box, theirs)).rejects.toMatchObject({ status: 404 });
    expect((await containedAmong(data, box.id, [mine, theirs, theirPrivate])).sort()).toEqual([mine, theirs].sort());
    expect((await ownCollectionStats(data, userId, mine)).get(box.id)).toEqual({ items: 2, has: true });
    expect(await removeItem(data, userId, box, mine)).toEqual({ removed: true });
    expect(await removeItem(data, userId, box, mine)).toEqual({ removed: false });
    expect((await ownCollectionStats(data, userId, mine)).get(box.id)).toEqual({ items: 1, has: false });

    const before = (await listOwnCollections(data, userId)).length;
    await expect(createCollectionWith(data, userId, { name: "Refused", visibility: "public", renderId: theirPrivate })).rejects.toMatchObject({ status: 404 });
    expect(await listOwnCollections(data, userId)).toHaveLength(before);
    const started = await createCollectionWith(data, userId, { name: "Started", visibility: "public", renderId: theirs });
    expect((await viewableItems(data, started.id, null, 10)).renders.map((render) => render.id)).toEqual([theirs]);
  });

  test("items come newest-added first in keyset pages that never shift", async () => {
    const data = backend.data;
    const userId = await newUser(data);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await insertDoneRender(data, { userId, visibility: "public" }));
    const box = await createCollection(data, userId, "Ordered", "public");
    for (const id of ids) await addItem(data, userId, box, id);
    const first = await viewableItems(data, box.id, null, 2);
    expect(first.renders.map((render) => render.id)).toEqual(ids.slice(3, 5).reverse());
    expect(typeof first.renders[0]!.created_at).toBe("string"); // the JSON form: an ISO time, from a number on both databases
    await addItem(data, userId, box, await insertDoneRender(data, { userId, visibility: "public" }));
    const second = await viewableItems(data, box.id, null, 2, first.nextBefore!);
    expect(second.renders.map((render) => render.id)).toEqual(ids.slice(1, 3).reverse());
    const last = await viewableItems(data, box.id, null, 2, second.nextBefore!);
    expect(last).toEqual({ renders: [expect.objectContaining({ id: ids[0] })], nextBefore: null });
  });

  test("privacy: a private collection exists for its owner only; private renders in a public one show to their owner only", async () => {
    const data = backend.data;
    const owner = await newUser(data);
    const visitor = await newUser(data);
    const open = await insertDoneRender(data, { userId: owner, visibility: "public" });
    const secret = await insertDoneRender(data, { userId: owner, visibility: "private" });
    const box = await createCollection(data, owner, "Shared", "private");
    await addItem(data, owner, box, open);
    await addItem(data, owner, box, secret);
    expect(await findVisibleCollection(data, box.id, visitor)).toBeNull();
    expect(await findVisibleCollection(data, box.id, null)).toBeNull();
    expect((await findVisibleCollection(data, box.id, owner))?.id).toBe(box.id);

    await updateCollection(data, owner, box.id, { visibility: "public" });
    expect((await findVisibleCollection(data, box.id, visitor))?.id).toBe(box.id);
    expect((await viewableItems(data, box.id, null, 10)).renders.map((render) => render.id)).toEqual([open]);
    expect(await viewableItemCount(data, box.id, null)).toBe(1);
    expect((await viewableItems(data, box.id, owner, 10)).renders.map((render) => render.id)).toEqual([secret, open]);
    expect(await viewableItemCount(data, box.id, owner)).toBe(2);
    expect((await publicCover(data, box.id))?.id).toBe(open);
  });
});
