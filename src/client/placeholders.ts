// Thumbhash placeholders: an image still loading shows its colours behind it. Near the viewport it gets the hash's
// average colour at once (a few bytes read); one still loading after a moment gets the blurred preview, decoded
// when the main thread is free and a few at a time. Decoding costs milliseconds each on a phone, and the first one
// far more while the engine warms up, so a page whose images arrive quickly never pays it during its load.
import { thumbHashToAverageRGBA, thumbHashToDataURL } from "thumbhash";

/** How long an image may take before its blurred preview is worth decoding. */
const SLOW_IMAGE_MS = 700;
/** How long one turn of decoding may hold the main thread. */
const TURN_MS = 4;

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

interface Pending {
  holder: HTMLElement;
  image: HTMLImageElement;
  hash: Uint8Array;
}

function paintAverage({ holder, hash }: Pending): void {
  const { r, g, b } = thumbHashToAverageRGBA(hash);
  holder.style.backgroundColor = `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
}

function paintPreview({ holder, image, hash }: Pending): void {
  if (image.complete) return;
  holder.style.backgroundImage = `url(${thumbHashToDataURL(hash)})`;
}

const slow: Pending[] = [];
let turnScheduled = false;

function scheduleTurn(): void {
  if (turnScheduled) return;
  turnScheduled = true;
  if ("requestIdleCallback" in window) requestIdleCallback(takeTurn, { timeout: 500 });
  else setTimeout(takeTurn, 16);
}

function takeTurn(): void {
  turnScheduled = false;
  const start = performance.now();
  while (slow.length > 0 && performance.now() - start < TURN_MS) {
    try {
      paintPreview(slow.shift()!);
    } catch {
      // An unreadable hash keeps the average colour.
    }
  }
  if (slow.length > 0) scheduleTurn();
}

function placehold(holder: HTMLElement): void {
  const image = holder.querySelector("img");
  const encoded = holder.dataset.thumbhash;
  if (!image || !encoded || image.complete) return;
  let pending: Pending;
  try {
    pending = { holder, image, hash: base64ToBytes(encoded) };
    paintAverage(pending);
  } catch {
    return; // An unreadable hash leaves the plain background.
  }
  setTimeout(() => {
    if (image.complete) return;
    slow.push(pending);
    scheduleTurn();
  }, SLOW_IMAGE_MS);
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
        placehold(entry.target as HTMLElement);
      }
    },
    { rootMargin: "100% 0px" },
  );
  for (const holder of holders) observer.observe(holder);
}
