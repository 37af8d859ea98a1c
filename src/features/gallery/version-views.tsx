// The render page's versions list and the before/after slider (wired by wireBeforeAfter in src/client/studio.ts).
import { CompareSlider } from "../../ui/compare-slider";
import { compareHref } from "../compare/links";
import type { RenderJson } from "./model";

export interface BeforeAfterImages {
  before: { src: string; alt: string; label: string };
  after: { src: string; alt: string; label: string };
}

/** A restyled photo against its result, on the shared compare slider. */
export function BeforeAfter({ images }: { images: BeforeAfterImages }): JSX.Element {
  return <CompareSlider left={images.before} right={images.after} fit="cover" />;
}

function formatDateTime(iso: string): string {
  return `${new Date(iso).toLocaleString("en-GB", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" })} UTC`;
}

/** Every version of this cell with its date; each other one links to its page and to a comparison with this one. */
export function RenderVersions({ render, versions }: { render: RenderJson; versions: RenderJson[] }): JSX.Element {
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
              ) : (
                // The older version on the left, as "before".
                <a
                  href={version.version < render.version ? compareHref(version.id, render.id) : compareHref(render.id, version.id)}
                  class="text-neutral-300 underline decoration-white/30 hover:decoration-white"
                  data-compare={version.id}
                >
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
