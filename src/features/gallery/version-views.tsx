// The render page's versions list and the before/after slider (wired by wireBeforeAfter in src/client/studio.ts).
import type { RenderJson } from "./model";

export interface BeforeAfterImages {
  before: { src: string; alt: string; label: string };
  after: { src: string; alt: string; label: string };
}

/** Both images fill the same square, so the slider lines them up; the range clips the "after" image. */
export function BeforeAfter({ images }: { images: BeforeAfterImages }): JSX.Element {
  const { before, after } = images;
  return (
    <div class="relative aspect-square select-none" data-before-after>
      <img src={before.src} alt={before.alt} class="absolute inset-0 h-full w-full object-cover" />
      <img src={after.src} alt={after.alt} class="absolute inset-0 h-full w-full object-cover" data-after />
      <span class="absolute left-3 top-3 rounded bg-black/60 px-2 py-1 text-xs" safe>
        {before.label}
      </span>
      <span class="absolute right-3 top-3 rounded bg-black/60 px-2 py-1 text-xs" safe>
        {after.label}
      </span>
      <label class="absolute inset-x-4 bottom-4 flex items-center gap-3 rounded-lg bg-black/60 px-3 py-2 text-xs">
        <span safe>{before.label}</span>
        <input type="range" min="0" max="100" value="50" class="w-full accent-amber-300" aria-label={`Slide between ${before.label} and ${after.label}`} data-before-after-range />
        <span safe>{after.label}</span>
      </label>
    </div>
  );
}

function formatDateTime(iso: string): string {
  return `${new Date(iso).toLocaleString("en-GB", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC`;
}

/** Every version of this cell with its date; each other one links to its page and to a comparison with this one. */
export function RenderVersions({ render, versions, comparing }: { render: RenderJson; versions: RenderJson[]; comparing: string | null }): JSX.Element {
  return (
    <section aria-labelledby="versions-heading" class="text-sm" data-versions>
      <h2 id="versions-heading" class="mb-2 font-semibold">
        Versions
      </h2>
      <ol class="space-y-1.5">
        {versions.map((version) => {
          const when = version.completed_at ?? version.created_at;
          return (
            <li class="flex flex-wrap items-baseline gap-x-2" data-version={String(version.version)}>
              {version.id === render.id ? (
                <span class="font-medium text-neutral-100">Version {version.version} (this one)</span>
              ) : (
                <a href={`/r/${version.id}`} class="text-amber-300 hover:underline">
                  Version {version.version}
                </a>
              )}
              <time datetime={when} class="text-neutral-400" safe>
                {formatDateTime(when)}
              </time>
              {version.id === render.id ? (
                ""
              ) : version.id === comparing ? (
                <a href={`/r/${render.id}`} class="text-neutral-300 underline decoration-white/30">
                  Stop comparing
                </a>
              ) : (
                <a href={`/r/${render.id}?compare=${version.id}`} class="text-neutral-300 underline decoration-white/30 hover:decoration-white" data-compare={version.id}>
                  Compare with this one
                </a>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
