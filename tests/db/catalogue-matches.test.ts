// Search keeps what a query matched in the catalogues between searches; a publish that changes what matches
// must show in the very next search, on either database.
import { expect, test } from "bun:test";
import { searchRenders } from "../../src/features/gallery/search";
import { addRender } from "../helpers/backend-app";
import { forEachBackend } from "../helpers/backends";

forEachBackend("kept catalogue matches", (backend) => {
  test("a style or subject that gains its first public render is found by the next search for it", async () => {
    const data = backend.data;
    await addRender(data, { stylePhrase: "oil painting", basePrompt: "a red fox" });
    const search = (q: string) => searchRenders(data, { q, offset: 0, limit: 10 });
    expect((await search("zebra")).total).toBe(0);
    expect((await search("zebra")).total).toBe(0);
    const zebraStyle = await addRender(data, { stylePhrase: "zebra stripes", basePrompt: "a red fox" });
    const found = await search("zebra");
    expect(found.results.map((render) => render.id)).toEqual([zebraStyle]);
    expect(found.matched.styles).toEqual([{ slug: "zebra-stripes", phrase: "zebra stripes" }]);

    expect((await search("fox lantern")).total).toBe(0);
    const lantern = await addRender(data, { stylePhrase: "oil painting", basePrompt: "a lantern by a fox den" });
    expect((await search("fox lantern")).results.map((render) => render.id)).toEqual([lantern]);
  });

  test("a style whose last public render goes private drops out of the next search", async () => {
    const data = backend.data;
    const only = await addRender(data, { stylePhrase: "ukiyo-e print", basePrompt: "a heron" });
    expect((await searchRenders(data, { q: "ukiyo", offset: 0, limit: 10 })).matched.styles.map((style) => style.slug)).toEqual(["ukiyo-e-print"]);
    const { renders } = data.tables;
    const { eq } = await import("drizzle-orm");
    await data.db.update(renders).set({ visibility: "private" }).where(eq(renders.id, only));
    const after = await searchRenders(data, { q: "ukiyo", offset: 0, limit: 10 });
    expect({ total: after.total, styles: after.matched.styles }).toEqual({ total: 0, styles: [] });
  });
});
