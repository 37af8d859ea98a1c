// Loads the Alpine bundle (public/alpine.js) only when a page needs it: at once where a component is on screen
// from the start (the studio), otherwise on the visitor's first interaction (the search box). Alpine's CSP build
// walks every global at start-up, which costs a phone hundreds of milliseconds that a reader of a page never needs.

const INTERACTIONS = ["pointerdown", "keydown", "focusin", "touchstart"] as const;
let loading: Promise<void> | undefined;

function load(src: string): Promise<void> {
  loading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  }).then(replayFocusedInput);
  return loading;
}

/** What the visitor typed before Alpine arrived reaches the component now (its focus and input handlers). */
function replayFocusedInput(): void {
  const active = document.activeElement;
  if (!(active instanceof HTMLInputElement) || !active.closest("[x-data]")) return;
  active.dispatchEvent(new FocusEvent("focus"));
  if (active.value) active.dispatchEvent(new Event("input", { bubbles: true }));
}

export function loadAlpineWhenNeeded(src: string | undefined): void {
  if (!src) return;
  if (document.querySelector("[x-data]:not([data-alpine-lazy])")) {
    void load(src);
    return;
  }
  if (!document.querySelector("[x-data]")) return;
  const onFirstInteraction = () => {
    for (const type of INTERACTIONS) document.removeEventListener(type, onFirstInteraction, true);
    void load(src);
  };
  for (const type of INTERACTIONS) document.addEventListener(type, onFirstInteraction, { capture: true, passive: true });
}
