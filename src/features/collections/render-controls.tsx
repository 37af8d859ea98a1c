// A render page's heart and "Save to collection": the same bytes for every visitor; the browser script
// (src/client/collect.ts) fills in this visitor's state and sends a signed-out visitor to sign in.
import type { RenderJson } from "../gallery/model";

// Opened, the panel takes its own line under the buttons (in the flow, so it never runs off a narrow screen).
const PANEL = "mt-2 w-full max-w-sm rounded-xl border border-white/10 bg-neutral-900 p-3 text-sm shadow-2xl";
const INPUT = "min-w-0 flex-1 rounded-lg border border-white/15 bg-white/5 px-3 py-2 text-sm placeholder:text-neutral-400 focus:border-amber-300/60 focus:outline-none";

export function CollectControls({ render, buttonClass }: { render: RenderJson; buttonClass: string }): JSX.Element {
  return (
    <>
      <button type="button" class={`${buttonClass} aria-pressed:border-rose-400/60 aria-pressed:text-rose-200`} data-heart={render.id} data-heart-page aria-pressed="false">
        <span aria-hidden="true" class="text-rose-400">♥</span>
        <span data-heart-label>Favourite</span>
      </button>
      <details class="open:w-full" hidden data-collect={render.id}>
        <summary class={`${buttonClass} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>Save to collection</summary>
        <div class={PANEL}>
          <p class="mb-2 text-neutral-400">Your collections</p>
          <ul class="max-h-60 space-y-1 overflow-auto" data-collect-list></ul>
          <form class="mt-3 flex gap-2" data-collect-new>
            <label for="new-collection-name" class="sr-only">
              New collection name
            </label>
            <input id="new-collection-name" name="name" maxlength="80" required placeholder="New collection" autocomplete="off" class={INPUT} />
            <button type="submit" class="rounded-lg bg-amber-300 px-3 py-2 font-medium text-neutral-950 hover:bg-amber-200">
              Create
            </button>
          </form>
          <p class="mt-2 text-neutral-400" role="status" aria-live="polite" data-collect-status></p>
        </div>
      </details>
    </>
  );
}
