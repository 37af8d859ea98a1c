// The render page's zoom view: opens on the image, arrows step through the siblings, Escape or Close shuts it.
interface LightboxItem {
  src: string;
  href: string;
  caption: string;
}

export function wireLightbox(root: Document): void {
  const dialog = root.querySelector<HTMLDialogElement>("[data-lightbox]");
  if (!dialog) return;
  const items: LightboxItem[] = [...dialog.querySelectorAll<HTMLElement>("[data-lightbox-item]")].map((item) => ({
    src: item.dataset.src ?? "",
    href: item.dataset.href ?? "#",
    caption: item.dataset.caption ?? "",
  }));
  const image = dialog.querySelector<HTMLImageElement>("[data-lightbox-image]")!;
  const caption = dialog.querySelector<HTMLAnchorElement>("[data-lightbox-caption]")!;
  const position = dialog.querySelector<HTMLElement>("[data-lightbox-position]")!;
  let current = 0;

  const show = (index: number) => {
    if (items.length === 0) return;
    current = (index + items.length) % items.length;
    const item = items[current]!;
    image.src = item.src;
    image.alt = item.caption;
    caption.textContent = item.caption;
    caption.href = item.href;
    position.textContent = `${current + 1} / ${items.length}`;
  };

  for (const opener of root.querySelectorAll<HTMLElement>("[data-lightbox-open]")) {
    opener.addEventListener("click", () => {
      show(Number(opener.dataset.lightboxOpen ?? 0));
      dialog.showModal();
    });
  }
  dialog.querySelector("[data-lightbox-previous]")?.addEventListener("click", () => show(current - 1));
  dialog.querySelector("[data-lightbox-next]")?.addEventListener("click", () => show(current + 1));
  dialog.querySelector("[data-lightbox-close]")?.addEventListener("click", () => dialog.close());
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight") show(current + 1);
    else if (event.key === "ArrowLeft") show(current - 1);
    else return;
    event.preventDefault();
  });
  // A click on the dark backdrop (the dialog itself, outside its content) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog || (event.target as HTMLElement).classList.contains("lightbox-stage")) dialog.close();
  });
}
