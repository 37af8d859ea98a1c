// The comparison slider: two images in one box, the right one clipped at the split. A transparent range input
// covers the box, so dragging anywhere moves the split and the arrow keys move it too; wireBeforeAfter
// (src/client/studio.ts) applies the value. Without script the split stays in the middle.

export interface SliderSide {
  src: string;
  alt: string;
  /** Short: shown on the image and in the control's name. */
  label: string;
  width?: number | null;
  height?: number | null;
}

/**
 * `contain` (two renders): the left image sets the box's size (its width and height reserve the space before it
 * loads) and the right one fits inside it. `cover` (a photo and its restyle, whose shapes may differ): both fill
 * one square, so they line up.
 */
export function CompareSlider({ left, right, fit = "contain" }: { left: SliderSide; right: SliderSide; fit?: "contain" | "cover" }): JSX.Element {
  const cover = fit === "cover";
  return (
    <div
      class={`relative select-none overflow-hidden rounded-xl bg-neutral-900 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-amber-300 ${cover ? "aspect-square" : ""}`}
      data-before-after
    >
      <img
        src={left.src}
        alt={left.alt}
        width={left.width ?? 1024}
        height={left.height ?? 1024}
        class={cover ? "absolute inset-0 h-full w-full object-cover" : "block h-auto w-full"}
        draggable="false"
      />
      <img
        src={right.src}
        alt={right.alt}
        class={`absolute inset-0 h-full w-full [clip-path:inset(0_0_0_50%)] ${cover ? "object-cover" : "object-contain"}`}
        draggable="false"
        data-after
      />
      <input
        type="range"
        min="0"
        max="100"
        step="1"
        value="50"
        class="absolute inset-0 z-10 m-0 h-full w-full cursor-ew-resize appearance-none opacity-0"
        aria-label={`Split between ${left.label} (left) and ${right.label} (right)`}
        data-before-after-range
      />
      <span aria-hidden="true" class="pointer-events-none absolute inset-y-0 left-[var(--split,50%)] w-0.5 -translate-x-1/2 bg-white/90 shadow-[0_0_4px_black]" data-split-line>
        <span class="absolute left-1/2 top-1/2 grid size-9 -translate-x-1/2 -translate-y-1/2 place-items-center rounded-full border-2 border-white bg-black/70 text-sm text-white">
          ⇆
        </span>
      </span>
      <span class="pointer-events-none absolute left-2 top-2 max-w-[45%] truncate rounded bg-black/70 px-2 py-1 text-xs" safe>
        {left.label}
      </span>
      <span class="pointer-events-none absolute right-2 top-2 max-w-[45%] truncate rounded bg-black/70 px-2 py-1 text-xs" safe>
        {right.label}
      </span>
    </div>
  );
}
