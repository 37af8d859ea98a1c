// A wrap of style links ("chips") with their render counts.
import type { StyleJson } from "../features/gallery/model";

export function StyleChips({ styles, label }: { styles: StyleJson[]; label: string }): JSX.Element {
  return (
    <ul aria-label={label} class="flex flex-wrap gap-2">
      {styles.map((style) => (
        <li>
          <a
            href={`/style/${encodeURIComponent(style.slug)}`}
            class="inline-flex items-center gap-2 rounded-full border border-white/10 bg-white/5 px-3 py-1.5 text-sm text-neutral-200 transition hover:border-amber-300/50 hover:bg-amber-300/10 hover:text-white focus-visible:outline-2 focus-visible:outline-amber-300"
          >
            <span safe>{style.phrase}</span>
            <span class="text-xs text-neutral-400">{style.count}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
