// "Compare with…" links that other pages carry: the style matrix's cells and rows, and a render's page.
import { modelLabel } from "../../generation/models/catalogue";
import type { RenderJson } from "../gallery/model";
import type { CompareMode } from "./model";

const SMALL_LINK = "text-xs text-neutral-400 underline decoration-white/20 hover:text-amber-300 hover:decoration-amber-300";
// The visible words start each link's accessible name (the sr-only rest says which cell), and the links are 24 px tall:
// Lighthouse's label-in-name and target-size audits on the style page.
const CELL_LINK = `${SMALL_LINK} inline-flex min-h-6 items-center`;

/** The link to a comparison; the slider is the default view, so its links carry no mode. */
export function compareHref(a: string, b: string, mode: CompareMode = "slider"): string {
  const params = new URLSearchParams({ a, b });
  if (mode !== "slider") params.set("mode", mode);
  return `/compare?${params}`;
}

/** The page listing what a render can be compared with. */
export function chooserHref(a: string): string {
  return `/compare?${new URLSearchParams({ a })}`;
}

const isFinished = (render: RenderJson | undefined): render is RenderJson => render?.status === "done" && render.image_path !== null;

/**
 * Under a style matrix cell: this model's render against the next column's (same prompt and style), and the
 * chooser of another style for the same prompt and model.
 */
export function CellCompareLinks({ render, next }: { render: RenderJson | undefined; next: RenderJson | undefined }): JSX.Element {
  if (!isFinished(render)) return "";
  return (
    <p class="mt-1 flex flex-wrap gap-x-2 text-xs text-neutral-500" data-cell-compare>
      {isFinished(next) ? (
        <a href={compareHref(render.id, next.id)} class={CELL_LINK} data-compare-next-model>
          ⇆ <span safe>{modelLabel(next.model_key)}</span>
          <span class="sr-only" safe>
            {`: compare ${modelLabel(render.model_key)} with ${modelLabel(next.model_key)} for “${render.base_prompt}”`}
          </span>
        </a>
      ) : (
        ""
      )}
      <a href={chooserHref(render.id)} class={CELL_LINK} data-compare-styles>
        ⇆ other style…
        <span class="sr-only" safe>
          {`: compare “${render.base_prompt}” by ${modelLabel(render.model_key)} with another style`}
        </span>
      </a>
    </p>
  );
}

/** What tells a render apart from the one it is compared with: its style, its model, both, or else its version. */
export function sideLabel(render: RenderJson, other: RenderJson): string {
  const parts: string[] = [];
  if (render.style_slug !== other.style_slug) parts.push(render.style_phrase);
  if (render.model_key !== other.model_key) parts.push(modelLabel(render.model_key));
  if (parts.length === 0) parts.push(`version ${render.version}`);
  return parts.join(" · ");
}

/** The version before this one that the viewer may see (versions oldest first), for "compare with previous version". */
export function previousVersion(versions: RenderJson[], render: RenderJson): RenderJson | null {
  const index = versions.findIndex((version) => version.id === render.id);
  return index > 0 ? versions[index - 1]! : null;
}

/** A render page's compare links: its previous version, a few siblings, and the chooser for the rest. */
export function RenderCompareLinks({ render, siblings, previous }: { render: RenderJson; siblings: RenderJson[]; previous: RenderJson | null }): JSX.Element {
  if (!isFinished(render)) return "";
  const quick = siblings.filter(isFinished).slice(0, 3);
  return (
    <section aria-labelledby="compare-heading" class="text-sm" data-compare-links>
      <h2 id="compare-heading" class="mb-2 font-semibold">
        Compare with…
      </h2>
      <ul class="space-y-1.5">
        {previous ? (
          <li>
            <a href={compareHref(previous.id, render.id)} class="text-amber-300 hover:underline" data-compare-previous>
              the previous version (version {previous.version})
            </a>
          </li>
        ) : (
          ""
        )}
        {quick.map((sibling) => (
          <li>
            <a href={compareHref(render.id, sibling.id)} class="text-amber-300 hover:underline" data-compare-sibling={sibling.id} safe>
              {sideLabel(sibling, render)}
            </a>
          </li>
        ))}
        <li>
          <a href={chooserHref(render.id)} class="text-neutral-300 underline decoration-white/30 hover:decoration-white" data-compare-chooser-link>
            another style, model or version…
          </a>
        </li>
      </ul>
    </section>
  );
}
