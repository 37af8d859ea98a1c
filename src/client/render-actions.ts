// Page buttons: copy the prompt, copy a page's link, share the page (Web Share API, else copy the link).
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (an insecure origin, or permission refused): the old selection route.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied;
  }
}

function announce(button: HTMLElement, message: string): void {
  const status = button.closest("[data-render-actions]")?.querySelector<HTMLElement>("[data-action-status]");
  if (status) status.textContent = message;
  const label = button.dataset.label ?? button.textContent ?? "";
  button.dataset.label = label;
  button.textContent = message;
  window.setTimeout(() => {
    button.textContent = label;
  }, 2000);
}

export function wireRenderActions(root: ParentNode): void {
  for (const button of root.querySelectorAll<HTMLElement>("[data-copy-text]")) {
    button.addEventListener("click", async () => {
      const copied = await copyText(button.dataset.copyText ?? "");
      announce(button, copied ? (button.dataset.doneLabel ?? "Copied") : "Copy failed: select the prompt text instead");
    });
  }
  for (const button of root.querySelectorAll<HTMLElement>("[data-copy-path]")) {
    button.addEventListener("click", async () => {
      const copied = await copyText(new URL(button.dataset.copyPath ?? "/", window.location.origin).href);
      announce(button, copied ? (button.dataset.doneLabel ?? "Link copied") : "Copy failed");
    });
  }
  for (const button of root.querySelectorAll<HTMLElement>("[data-share-path]")) {
    button.addEventListener("click", async () => {
      const url = new URL(button.dataset.sharePath ?? "/", window.location.origin).href;
      const title = button.dataset.shareTitle ?? document.title;
      if (typeof navigator.share === "function") {
        try {
          await navigator.share({ title, url });
        } catch {
          // Dismissed by the person: nothing to report.
        }
        return;
      }
      const copied = await copyText(url);
      announce(button, copied ? (button.dataset.doneLabel ?? "Link copied") : "Copy failed");
    });
  }
}
