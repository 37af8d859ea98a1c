// Live progress from server-sent events: queued matrix cells are replaced by the markup the server sends for
// their new state; a queued render's page reloads when done.
import { showPlaceholders } from "./placeholders";

interface RenderEvent {
  id: string;
  status: "pending" | "running" | "done" | "failed";
}

interface CellEvent extends RenderEvent {
  /** The cell as the server renders it in the page (every user or provider text escaped there). */
  html: string;
}

/** Swaps a matrix cell for the server's markup of its new state: the same markup a reload would show. */
function replaceCell(cell: HTMLElement, html: string): void {
  const template = document.createElement("template");
  template.innerHTML = html;
  const next = template.content.firstElementChild;
  if (!(next instanceof HTMLElement)) return;
  cell.replaceWith(next);
  showPlaceholders(next);
}

export function followLiveCells(root: ParentNode): void {
  const runs = new Set<string>();
  for (const cell of root.querySelectorAll<HTMLElement>("[data-live-run]")) runs.add(cell.dataset.liveRun!);
  for (const run of runs) {
    const source = new EventSource(`/matrix/${encodeURIComponent(run)}/events`);
    source.addEventListener("cell", (event) => {
      const render = JSON.parse((event as MessageEvent<string>).data) as CellEvent;
      const cell = root.querySelector<HTMLElement>(`[data-matrix-cell="${CSS.escape(render.id)}"]`);
      if (cell) replaceCell(cell, render.html);
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
