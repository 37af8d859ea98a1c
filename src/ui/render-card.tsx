// Thumbnail tiles for renders: lazy srcset image over a thumbhash placeholder, linking to the render page.
import type { Children } from "@kitajs/html";
import type { RenderJson } from "../features/gallery/model";
import { modelLabel } from "../generation/models/catalogue";
import { CANCELLED_ERROR } from "../generation/queue";

/** A cell cancelled before it started: refunded, not a failure. */
export function wasCancelled(render: Pick<RenderJson, "status" | "error">): boolean {
  return render.status === "failed" && render.error === CANCELLED_ERROR;
}

export function renderAltText(render: Pick<RenderJson, "base_prompt" | "style_phrase" | "model_key">): string {
  return `${render.base_prompt}, in the style “${render.style_phrase}”, by ${modelLabel(render.model_key)}`;
}

/**
 * A square thumbnail; `sizes` tells the browser how wide the tile is drawn so it picks 1× or 2×. A `priority`
 * tile is in the first screen: fetched at once and first, since it is likely the page's largest paint.
 */
export function RenderThumb({ render, sizes, priority = false }: { render: RenderJson; sizes: string; priority?: boolean }): JSX.Element {
  if (!render.thumb_path || !render.thumb_2x_path) {
    // Not finished: a status tile (a matrix cell around it follows the run's events and is replaced when it changes).
    return (
      <div class="thumb grid aspect-square place-items-center rounded-lg border border-dashed border-white/15 bg-neutral-900 text-xs text-neutral-400">
        {wasCancelled(render) ? (
          <span data-cancelled>Cancelled · refunded</span>
        ) : render.status === "failed" ? (
          <span>Failed</span>
        ) : (
          <span class="flex items-center gap-2">
            <span class="size-2 animate-pulse rounded-full bg-amber-300"></span>
            {render.status === "running" ? "Rendering…" : "Queued…"}
          </span>
        )}
      </div>
    );
  }
  return (
    <div class="thumb aspect-square overflow-hidden rounded-lg bg-neutral-800" data-thumbhash={render.thumbhash ?? ""}>
      <img
        src={render.thumb_path}
        srcset={`${render.thumb_path} 384w, ${render.thumb_2x_path} 768w`}
        sizes={sizes}
        width="384"
        height="384"
        loading={priority ? "eager" : "lazy"}
        fetchpriority={priority ? "high" : undefined}
        decoding="async"
        alt={renderAltText(render)}
        class="h-full w-full object-cover transition duration-300 group-hover:scale-[1.03]"
      />
    </div>
  );
}

const GRID_SIZES = "(min-width: 1280px) 240px, (min-width: 1024px) 20vw, (min-width: 640px) 33vw, 50vw";

const HEART = "absolute right-2 top-2 grid size-9 place-items-center rounded-full bg-neutral-950/70 text-lg leading-none text-white shadow hover:bg-neutral-950/90 focus-visible:outline-2 focus-visible:outline-amber-300 aria-pressed:text-rose-400";

/**
 * The heart on a finished tile: hidden in the page (the same bytes for everyone), shown by the browser script to
 * signed-in visitors with their state (src/client/hearts.ts).
 */
export function TileHeart({ render }: { render: RenderJson }): JSX.Element {
  if (render.status !== "done") return "";
  return (
    <button type="button" hidden class={HEART} data-heart={render.id} aria-pressed="false" aria-label={`Favourite: ${render.base_prompt}, ${render.style_phrase}`}>
      <span aria-hidden="true">♥</span>
    </button>
  );
}

/** `children` go under the tile's text (a collection's owner gets a Remove button there). */
export function RenderCard({ render, showStyle = true, priority = false, children }: { render: RenderJson; showStyle?: boolean; priority?: boolean; children?: Children }): JSX.Element {
  return (
    <li class="render-later relative">
      <a href={`/r/${render.id}`} class="group block rounded-xl focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-300">
        <RenderThumb render={render} sizes={GRID_SIZES} priority={priority} />
        <div class="mt-2 space-y-0.5 px-0.5 text-sm">
          {showStyle ? (
            <p class="truncate font-medium text-neutral-100" safe>
              {render.style_phrase}
            </p>
          ) : (
            ""
          )}
          <p class="truncate text-neutral-400" safe>
            {render.base_prompt}
          </p>
          <p class="truncate text-xs text-neutral-400" safe>
            {modelLabel(render.model_key)}
          </p>
        </div>
      </a>
      <TileHeart render={render} />
      {children}
    </li>
  );
}

/** `priorityCount` tiles (the grid's first screen on a phone) load eagerly at high priority. */
export function RenderGrid({ renders, showStyle = true, priorityCount = 0 }: { renders: RenderJson[]; showStyle?: boolean; priorityCount?: number }): JSX.Element {
  return (
    <ul class="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 lg:grid-cols-5">
      {renders.map((render, index) => (
        <RenderCard render={render} showStyle={showStyle} priority={index < priorityCount} />
      ))}
    </ul>
  );
}
