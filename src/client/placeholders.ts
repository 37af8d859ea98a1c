// Thumbhash placeholders: paints each thumbnail's blurred preview, and fades the real image in once loaded.
import { thumbHashToDataURL } from "thumbhash";

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Paints each thumbnail's blurred placeholder, and fades the real image in once it has loaded. */
export function showPlaceholders(root: ParentNode): void {
  for (const holder of root.querySelectorAll<HTMLElement>("[data-thumbhash]")) {
    const hash = holder.dataset.thumbhash;
    const image = holder.querySelector("img");
    if (!hash || !image || image.complete) continue;
    try {
      holder.style.backgroundImage = `url(${thumbHashToDataURL(base64ToBytes(hash))})`;
    } catch {
      continue;
    }
    image.classList.add("is-loading");
    const reveal = () => image.classList.remove("is-loading");
    image.addEventListener("load", reveal, { once: true });
    image.addEventListener("error", reveal, { once: true });
  }
}
