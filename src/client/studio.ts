// Studio behaviour without Alpine: live cost labels, the compare (before/after) slider and a run's progress header.

function lines(form: HTMLFormElement, name: string): number {
  const field = form.elements.namedItem(name) as HTMLTextAreaElement | null;
  return new Set((field?.value ?? "").split("\n").map((line) => line.trim()).filter(Boolean)).size;
}

/** Shows the cost on each submit button before the user confirms: Σ model costs (× cells for a matrix). */
export function showCosts(root: ParentNode): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>("[data-cost-label]")) {
    const group = button.dataset.costLabel!;
    const form = button.form!;
    const label = button.textContent!.trim();
    const update = () => {
      let perCell = 0;
      for (const box of form.querySelectorAll<HTMLInputElement>(`[data-cost-group="${group}"]`)) if (box.checked) perCell += Number(box.dataset.cost);
      const cells = form.hasAttribute("data-matrix-form") ? lines(form, "base_prompts") * lines(form, "style_phrases") : 1;
      button.textContent = `${label} · ${perCell * cells} credits`;
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }
}

/** The compare slider (src/ui/compare-slider.tsx): the range's value clips the right image and places the split line. */
export function wireBeforeAfter(root: ParentNode): void {
  for (const holder of root.querySelectorAll<HTMLElement>("[data-before-after]")) {
    const after = holder.querySelector<HTMLElement>("[data-after]");
    const range = holder.querySelector<HTMLInputElement>("[data-before-after-range]");
    if (!after || !range) continue;
    const update = () => {
      after.style.clipPath = `inset(0 0 0 ${range.value}%)`;
      holder.style.setProperty("--split", `${range.value}%`);
    };
    range.addEventListener("input", update);
    update();
  }
}

/** The run page's progress bar and counts, fed by the same matrix events as the cells. */
export function followRunProgress(root: ParentNode): void {
  const holder = root.querySelector<HTMLElement>("[data-run-progress]");
  const bar = root.querySelector<HTMLElement>("[data-progress-bar]");
  if (!holder || !bar) return;
  const total = Number(holder.dataset.total);
  const paint = (settled: number) => {
    bar.style.width = `${total ? Math.round((settled / total) * 100) : 100}%`;
  };
  paint(Number(bar.dataset.value));
  const source = new EventSource(`/matrix/${encodeURIComponent(holder.dataset.runProgress!)}/events`);
  source.addEventListener("progress", (event) => {
    const run = JSON.parse((event as MessageEvent<string>).data) as { done: number; failed: number; total: number; status: string };
    const settled = run.done + run.failed;
    paint(settled);
    const text = holder.querySelector("[data-progress-text]");
    if (text) text.textContent = `${settled} of ${run.total} finished${run.failed ? ` (${run.failed} failed)` : ""}`;
    // A cancelled run's status line ("cancelled: 28 cells refunded") comes from the server, which counts them.
    const status = holder.querySelector("[data-run-status]");
    if (status && run.status !== "cancelled") status.textContent = run.status;
    if (text && run.status === "cancelled") text.textContent = `${run.done} of ${run.total} finished`;
    if (settled >= run.total || run.status === "cancelled") holder.querySelector("[data-cancel-run]")?.remove();
  });
  source.addEventListener("error", () => source.close());
}

/** A form with `data-confirm` (cancelling a run) asks first; declining leaves everything as it was. */
export function confirmForms(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm!)) event.preventDefault();
    });
  }
}
