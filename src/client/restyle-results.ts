// A photo restyled on several models fills in live: one render's events are followed at a time (a page with six
// open streams would use up the browser's connections to the site), and when it settles the page is read again
// and every card that has finished meanwhile is swapped for the server's markup; the others keep their sliders.
import { wireBeforeAfter } from "./studio";

interface RenderStatus {
  status: "pending" | "running" | "done" | "failed";
}

async function swapSettledCards(grid: HTMLElement): Promise<void> {
  const response = await fetch(window.location.href, { credentials: "same-origin", headers: { accept: "text/html" } });
  if (!response.ok) throw new Error(`The page answered ${response.status}`);
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const card of fresh.querySelectorAll<HTMLElement>("[data-restyle-result]:not([data-pending])")) {
    const current = grid.querySelector<HTMLElement>(`[data-restyle-result="${CSS.escape(card.dataset.restyleResult!)}"][data-pending]`);
    if (!current) continue;
    const adopted = document.importNode(card, true);
    current.replaceWith(adopted);
    wireBeforeAfter(adopted);
  }
  const summary = document.querySelector("[data-restyle-summary]");
  const freshSummary = fresh.querySelector("[data-restyle-summary]");
  if (summary && freshSummary) summary.textContent = freshSummary.textContent;
}

export function followRestyleResults(root: ParentNode): void {
  const grid = root.querySelector<HTMLElement>("[data-restyle-grid]");
  const waiting = grid?.querySelector<HTMLElement>("[data-restyle-result][data-pending]");
  if (!grid || !waiting) return;
  const source = new EventSource(`/render/${encodeURIComponent(waiting.dataset.restyleResult!)}/events`);
  source.addEventListener("status", (event) => {
    const render = JSON.parse((event as MessageEvent<string>).data) as RenderStatus;
    const text = waiting.querySelector("[data-status-text]");
    if (render.status === "running" && text) text.textContent = "Rendering…";
    if (render.status !== "done" && render.status !== "failed") return;
    source.close();
    // Then the next card still waiting (one the read raced is followed again: its stream ends at once). A page
    // that could not be read leaves the rest as they are, to a reload.
    swapSettledCards(grid).then(
      () => followRestyleResults(root),
      () => undefined,
    );
  });
  source.addEventListener("error", () => source.close());
}
