// Thumbhash placeholders: an image still loading shows its blurred preview behind it. Decoding a thumbhash into
// a picture costs a few milliseconds each on a phone, so it happens only for images near the viewport, after load.
import { thumbHashToDataURL } from "thumbhash";

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function paint(holder: HTMLElement): void {
  const hash = holder.dataset.thumbhash;
  const image = holder.querySelector("img");
  if (!hash || !image || image.complete) return;
  try {
    holder.style.backgroundImage = `url(${thumbHashToDataURL(base64ToBytes(hash))})`;
  } catch {
    // An unreadable hash leaves the plain background.
  }
}

let observer: IntersectionObserver | undefined;

/** Paints placeholders for images still loading as they come within a screen of the viewport. */
export function showPlaceholders(root: ParentNode): void {
  const holders = root.querySelectorAll<HTMLElement>("[data-thumbhash]");
  if (holders.length === 0) return;
  if (!("IntersectionObserver" in window)) return;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer!.unobserve(entry.target);
        paint(entry.target as HTMLElement);
      }
    },
    { rootMargin: "100% 0px" },
  );
  for (const holder of holders) observer.observe(holder);
}
