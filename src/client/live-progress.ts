// Live progress from server-sent events: queued matrix cells fill in as they finish; a queued render's page reloads when done.
import { showPlaceholders } from "./placeholders";

interface RenderEvent {
  id: string;
  status: "pending" | "running" | "done" | "failed";
  thumb_path: string | null;
  thumb_2x_path: string | null;
  thumbhash: string | null;
  base_prompt: string;
  style_phrase: string;
  model_key: string;
  error: string | null;
}

/** Builds the finished cell with DOM calls (never innerHTML), so provider or user text stays text. */
function finishedCell(render: RenderEvent, sizes: string): HTMLElement {
  const link = document.createElement("a");
  link.href = `/r/${render.id}`;
  link.className = "group block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-300";
  const holder = document.createElement("div");
  holder.className = "thumb aspect-square overflow-hidden rounded-lg bg-neutral-800";
  holder.dataset.thumbhash = render.thumbhash ?? "";
  const image = document.createElement("img");
  image.src = render.thumb_path!;
  image.srcset = `${render.thumb_path} 384w, ${render.thumb_2x_path} 768w`;
  image.sizes = sizes;
  image.width = 384;
  image.height = 384;
  image.alt = `${render.base_prompt}, in the style “${render.style_phrase}”, by ${render.model_key}`;
  image.className = "h-full w-full object-cover transition duration-300 group-hover:scale-[1.03]";
  image.dataset.fade = "";
  holder.append(image);
  link.append(holder);
  return link;
}

function updateCell(cell: HTMLElement, render: RenderEvent): void {
  if (render.status === "done" && render.thumb_path) {
    const finished = finishedCell(render, cell.dataset.sizes ?? "100vw");
    cell.replaceWith(finished);
    showPlaceholders(finished);
  } else if (render.status === "failed") {
    cell.textContent = render.error ? `Failed: ${render.error}` : "Failed";
    cell.removeAttribute("data-live-run");
  } else if (render.status === "running") {
    const label = cell.querySelector("span:last-child") ?? cell;
    if (label.lastChild) label.lastChild.textContent = "Rendering…";
  }
}

export function followLiveCells(root: ParentNode): void {
  const runs = new Set<string>();
  for (const cell of root.querySelectorAll<HTMLElement>("[data-live-run]")) runs.add(cell.dataset.liveRun!);
  for (const run of runs) {
    const source = new EventSource(`/matrix/${encodeURIComponent(run)}/events`);
    source.addEventListener("cell", (event) => {
      const render = JSON.parse((event as MessageEvent<string>).data) as RenderEvent;
      const cell = root.querySelector<HTMLElement>(`[data-render-id="${CSS.escape(render.id)}"]`);
      if (cell) updateCell(cell, render);
    });
    // The server closes the stream when the run has settled; don't let EventSource reconnect forever.
    source.addEventListener("error", () => source.close());
  }
}

export function followPendingRender(root: ParentNode): void {
  const holder = root.querySelector<HTMLElement>("[data-watch-render]");
  if (!holder) return;
  const source = new EventSource(`/render/${encodeURIComponent(holder.dataset.watchRender!)}/events`);
  source.addEventListener("status", (event) => {
    const render = JSON.parse((event as MessageEvent<string>).data) as RenderEvent;
    const text = holder.querySelector("[data-status-text]");
    if (render.status === "running" && text) text.textContent = "Rendering…";
    if (render.status === "done" || render.status === "failed") {
      source.close();
      window.location.reload();
    }
  });
  source.addEventListener("error", () => source.close());
}
