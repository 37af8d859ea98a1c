// Collection pages: "My collections" (signed in) and a collection's own page, /c/:id (its owner's controls, or the
// shared view anyone gets while it is public). Views never query.
import { htmlPage, Layout } from "../../ui/layout";
import { RenderCard, RenderThumb, renderAltText } from "../../ui/render-card";
import type { SocialCard } from "../../ui/social-card";
import type { RenderJson } from "../gallery/model";
import type { CollectionRow } from "./collections";
import { NAME_MAX_LENGTH } from "./model";

const BUTTON = "rounded-lg bg-amber-300 px-4 py-2 text-sm font-medium text-neutral-950 hover:bg-amber-200 focus-visible:outline-2 focus-visible:outline-amber-300";
const LINK_BUTTON = "inline-flex items-center rounded-lg border border-white/15 px-4 py-2 text-sm text-neutral-200 hover:bg-white/5 focus-visible:outline-2 focus-visible:outline-amber-300";
const INPUT = "min-w-0 flex-1 rounded-lg border border-white/15 bg-white/5 px-3 py-2 text-sm placeholder:text-neutral-400 focus:border-amber-300/60 focus:outline-none focus:ring-2 focus:ring-amber-300/30";
const GRID_SIZES = "(min-width: 1024px) 280px, (min-width: 640px) 33vw, 50vw";

export interface CollectionSummary {
  collection: CollectionRow;
  items: number;
  cover: RenderJson | null;
}

export const collectionPath = (id: string) => `/c/${id}`;

function count(items: number): string {
  return `${items} render${items === 1 ? "" : "s"}`;
}

function VisibilityBadge({ visibility }: { visibility: CollectionRow["visibility"] }): JSX.Element {
  return visibility === "public" ? (
    <span class="rounded bg-emerald-400/15 px-1.5 py-0.5 text-xs text-emerald-200">Public</span>
  ) : (
    <span class="rounded bg-white/10 px-1.5 py-0.5 text-xs text-neutral-300">Private</span>
  );
}

export function renderMyCollectionsPage(data: { summaries: CollectionSummary[] }): string {
  return htmlPage(
    <Layout title="My collections" path="/collections">
      <section class="mx-auto flex max-w-5xl flex-col gap-8 py-4">
        <div>
          <h1 class="text-3xl font-semibold tracking-tight">My collections</h1>
          <p class="mt-1 text-neutral-400">Heart renders to keep them in Favourites, or gather them into collections. Collections are private until you share them.</p>
        </div>
        <form method="post" action="/collections" class="flex flex-wrap items-center gap-3 rounded-2xl border border-white/10 p-4" data-new-collection>
          <label for="collection-name" class="sr-only">
            Name of a new collection
          </label>
          <input id="collection-name" name="name" required maxlength={String(NAME_MAX_LENGTH)} placeholder="Name a new collection" class={INPUT} />
          <label class="flex items-center gap-2 text-sm text-neutral-300">
            <input type="checkbox" name="visibility" value="public" class="size-4 accent-amber-300" /> Public
          </label>
          <button type="submit" class={BUTTON}>
            Create collection
          </button>
        </form>
        {data.summaries.length === 0 ? (
          <p class="text-neutral-400">No collections yet. Open a render and press “Favourite” or “Save to collection”.</p>
        ) : (
          <ul class="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 lg:grid-cols-4" data-collection-list>
            {data.summaries.map(({ collection, items, cover }) => (
              <li>
                <a href={collectionPath(collection.id)} class="group block rounded-xl focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-300">
                  {cover ? (
                    <RenderThumb render={cover} sizes={GRID_SIZES} />
                  ) : (
                    <div class="grid aspect-square place-items-center rounded-lg border border-dashed border-white/15 text-sm text-neutral-400">Empty</div>
                  )}
                  <p class="mt-2 truncate font-medium text-neutral-100" safe>
                    {collection.name}
                  </p>
                  <p class="flex items-center gap-2 text-sm text-neutral-400">
                    <span safe>{count(items)}</span> <VisibilityBadge visibility={collection.visibility} />
                  </p>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>,
  );
}

export interface CollectionPageData {
  collection: CollectionRow;
  isOwner: boolean;
  renders: RenderJson[];
  total: number;
  nextBefore: number | null;
  /** The newest render anyone may see: the shared card's picture. */
  cover: RenderJson | null;
}

function collectionCard(data: CollectionPageData): SocialCard {
  const { collection, cover } = data;
  const shared = collection.visibility === "public";
  return {
    title: collection.name,
    description: cover ? `A collection on AI Gallery, newest: ${renderAltText(cover)}.` : "A collection on AI Gallery.",
    path: collectionPath(collection.id),
    image: shared && cover?.image_path ? { path: cover.image_path, width: cover.width, height: cover.height, alt: renderAltText(cover) } : null,
  };
}

function OwnerControls({ collection }: { collection: CollectionRow }): JSX.Element {
  const base = `/collections/${collection.id}`;
  const makePublic = collection.visibility === "private";
  return (
    <div class="flex flex-col gap-4 rounded-2xl border border-white/10 p-4" data-owner-controls>
      <div class="flex flex-wrap items-center gap-3">
        <form method="post" action={base}>
          <input type="hidden" name="visibility" value={makePublic ? "public" : "private"} />
          <button type="submit" class={makePublic ? BUTTON : LINK_BUTTON} data-visibility-toggle>
            {makePublic ? "Make public to share" : "Make private"}
          </button>
        </form>
        <p class="text-sm text-neutral-400">
          {makePublic ? "Only you can see this collection." : "Anyone with the link can see this collection and download it."}
        </p>
      </div>
      {collection.kind === "named" ? (
        <div class="flex flex-wrap items-center gap-3">
          <form method="post" action={base} class="flex min-w-0 flex-1 flex-wrap gap-2" data-rename>
            <label for="rename" class="sr-only">
              Collection name
            </label>
            <input id="rename" name="name" required maxlength={String(NAME_MAX_LENGTH)} value={collection.name} class={INPUT} />
            <button type="submit" class={LINK_BUTTON}>
              Rename
            </button>
          </form>
          <details class="relative">
            <summary class={`${LINK_BUTTON} cursor-pointer list-none text-rose-200 [&::-webkit-details-marker]:hidden`}>Delete…</summary>
            <form method="post" action={`${base}/delete`} class="absolute right-0 z-30 mt-2 w-64 rounded-xl border border-white/10 bg-neutral-900 p-3 text-sm shadow-2xl">
              <p class="mb-3 text-neutral-300">Delete this collection? The renders stay in the gallery.</p>
              <button type="submit" class="rounded-lg bg-rose-500 px-3 py-2 font-medium text-white hover:bg-rose-400">
                Delete collection
              </button>
            </form>
          </details>
        </div>
      ) : (
        ""
      )}
    </div>
  );
}

function RemoveButton({ collectionId, render }: { collectionId: string; render: RenderJson }): JSX.Element {
  return (
    <form method="post" action={`/collections/${collectionId}/items/${render.id}/remove`} class="mt-1 px-0.5">
      <button type="submit" class="text-xs text-neutral-400 underline decoration-white/20 hover:text-rose-200" aria-label={`Remove from collection: ${render.base_prompt}, ${render.style_phrase}`}>
        Remove
      </button>
    </form>
  );
}

export function renderCollectionPage(data: CollectionPageData): string {
  const { collection, isOwner, renders } = data;
  const path = collectionPath(collection.id);
  const shareable = collection.visibility === "public";
  return htmlPage(
    <Layout title={collection.name} path={path} description={collectionCard(data).description} card={collectionCard(data)}>
      <section class="flex flex-col gap-6">
        <div class="flex flex-wrap items-end justify-between gap-4">
          <div>
            {isOwner ? (
              <p class="mb-1 text-sm">
                <a href="/collections" class="text-neutral-400 hover:text-neutral-200">
                  ← My collections
                </a>
              </p>
            ) : (
              ""
            )}
            <h1 class="text-3xl font-semibold tracking-tight" safe>
              {collection.name}
            </h1>
            <p class="mt-1 flex items-center gap-2 text-neutral-400">
              <span safe>{count(data.total)}</span> {isOwner ? <VisibilityBadge visibility={collection.visibility} /> : ""}
            </p>
          </div>
          <div class="flex flex-wrap gap-2" data-render-actions>
            {shareable ? (
              <button type="button" class={LINK_BUTTON} data-copy-path={path} data-done-label="Link copied">
                Copy link
              </button>
            ) : (
              ""
            )}
            {data.total > 0 ? (
              <a href={`${path}/download`} class={LINK_BUTTON} download="" data-collection-download>
                Download ZIP
              </a>
            ) : (
              ""
            )}
            <p class="sr-only" role="status" aria-live="polite" data-action-status></p>
          </div>
        </div>
        {data.total > 0 ? (
          <p class="text-sm text-neutral-400">
            The ZIP holds your own renders (and everyone’s, once your account has unlocked full access) at full resolution, the rest at web size, with a
            manifest and the licence.
          </p>
        ) : (
          ""
        )}
        {isOwner ? <OwnerControls collection={collection} /> : ""}
        {renders.length === 0 ? (
          <p class="text-neutral-400">{isOwner ? "Nothing here yet: open a render and save it to this collection." : "Nothing here yet."}</p>
        ) : (
          <ul class="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 lg:grid-cols-5" data-collection-renders>
            {renders.map((render, index) => (
              <RenderCard render={render} priority={index < 4}>
                {isOwner ? <RemoveButton collectionId={collection.id} render={render} /> : ""}
              </RenderCard>
            ))}
          </ul>
        )}
        {data.nextBefore !== null ? (
          <p>
            <a href={`${path}?before=${data.nextBefore}`} rel="next" class={LINK_BUTTON}>
              More →
            </a>
          </p>
        ) : (
          ""
        )}
      </section>
    </Layout>,
  );
}
