// The JSON bodies of collections and hearts: a collection, a list of yours, one collection's page, what changed.
import { t } from "elysia";
import { integer } from "../../http/responses";
import { renderJson } from "../gallery/responses";

export const collectionJson = t.Object({
  id: t.String(),
  name: t.String(),
  kind: t.UnionEnum(["named", "favourites"], { description: "favourites: the one collection hearts go to" }),
  visibility: t.UnionEnum(["private", "public"]),
  url: t.String({ description: "Its page, /c/:id" }),
});

export const ownCollections = t.Object({
  collections: t.Array(
    t.Composite([
      collectionJson,
      t.Object({
        items: integer({ description: "Renders in it" }),
        has_render: t.Boolean({ description: "Whether it holds the render named by ?render=" }),
      }),
    ]),
    { description: "Favourites first" },
  ),
});

export const collectionPage = t.Composite([
  collectionJson,
  t.Object({
    total: integer({ description: "Renders you may see in it" }),
    renders: t.Array(renderJson, { description: "Newest additions first" }),
    next_before: t.Union([integer(), t.Null()], { description: "Pass as ?before= for the next page; null on the last" }),
  }),
]);

export const collectionDeleted = t.Object({ deleted: t.Literal(true) });
export const itemAdded = t.Object({ added: t.Boolean({ description: "false when it was in the collection already" }) });
export const itemRemoved = t.Object({ removed: t.Boolean({ description: "false when it was not in the collection" }) });
export const hearted = t.Object({ added: t.Boolean(), hearted: t.Literal(true), collection: collectionJson });
export const unhearted = t.Object({ removed: t.Boolean(), hearted: t.Literal(false) });
export const heartState = t.Object({
  signed_in: t.Boolean(),
  hearted: t.Array(t.String(), { description: "The ids asked about that are in your Favourites" }),
});
