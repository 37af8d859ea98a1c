// Small page behaviours: the phone menu closes on Escape or an outside click; explore's filters apply on change.
export function wireSiteMenu(root: Document): void {
  const menu = root.querySelector<HTMLDetailsElement>("[data-site-menu]");
  if (!menu) return;
  root.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
  });
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary")?.focus();
    }
  });
}

export function wireAutoSubmit(root: ParentNode): void {
  for (const control of root.querySelectorAll<HTMLSelectElement>("select[data-autosubmit]")) {
    control.addEventListener("change", () => control.form?.requestSubmit());
  }
}
