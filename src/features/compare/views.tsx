// The compare pages: two renders of one prompt as a slider, side by side or a difference heat map, and the
// chooser (/compare?a=) listing what a render can be compared with. Views never query.
import { htmlPage, Layout } from "../../ui/layout";
import { CompareSlider } from "../../ui/compare-slider";
import { RenderThumb, renderAltText } from "../../ui/render-card";
import { modelLabel } from "../../generation/models/catalogue";
import type { RenderJson } from "../gallery/model";
import { COMPARE_MODES, type CompareMode } from "./model";
import { chooserHref, compareHref, sideLabel } from "./links";
import type { CompareChoices } from "./service";

const MODE_NAMES: Record<CompareMode, string> = { slider: "Slider", side: "Side by side", diff: "Difference" };
const LINK = "text-amber-300 hover:underline";
const CHOICE_SIZES = "(min-width: 1024px) 180px, (min-width: 640px) 25vw, 45vw";
const CHOICE_THUMBS = 24;

export function heatmapHref(a: string, b: string): string {
  return `/compare/heatmap?${new URLSearchParams({ a, b })}`;
}

function ModeTabs({ a, b, mode }: { a: string; b: string; mode: CompareMode }): JSX.Element {
  return (
    <nav aria-label="Comparison view" class="flex flex-wrap gap-1 rounded-xl border border-white/10 p-1 text-sm" data-compare-modes>
      {COMPARE_MODES.map((each) => (
        <a
          href={compareHref(a, b, each)}
          aria-current={each === mode ? "page" : undefined}
          class={`rounded-lg px-3 py-1.5 ${each === mode ? "bg-amber-300 font-medium text-neutral-950" : "text-neutral-300 hover:bg-white/5"}`}
          safe
        >
          {MODE_NAMES[each]}
        </a>
      ))}
    </nav>
  );
}

function SideBySide({ a, b }: { a: RenderJson; b: RenderJson }): JSX.Element {
  return (
    <div class="grid grid-cols-2 gap-2 sm:gap-4" data-compare-side>
      {[a, b].map((render, index) => (
        <figure class="min-w-0">
          <img src={render.image_path!} alt={renderAltText(render)} width={render.width ?? 1024} height={render.height ?? 1024} class="h-auto w-full rounded-xl bg-neutral-900" />
          <figcaption class="mt-2 truncate text-sm text-neutral-300" safe>
            {sideLabel(render, index === 0 ? b : a)}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

function Heatmap({ a, b }: { a: RenderJson; b: RenderJson }): JSX.Element {
  return (
    <figure data-compare-diff>
      <img
        src={heatmapHref(a.id, b.id)}
        alt={`Where ${sideLabel(a, b)} and ${sideLabel(b, a)} differ: dark where the pictures match, bright where they differ`}
        width={a.width ?? 1024}
        height={a.height ?? 1024}
        class="h-auto w-full rounded-xl bg-black"
      />
      <figcaption class="mt-3 text-sm text-neutral-300">
        <span class="heat-ramp block h-2.5 rounded-full" aria-hidden="true"></span>
        <span class="mt-1 flex justify-between text-xs text-neutral-400">
          <span>same</span>
          <span>different</span>
        </span>
      </figcaption>
    </figure>
  );
}

function RenderFacts({ render, other, side }: { render: RenderJson; other: RenderJson; side: "Left" | "Right" }): JSX.Element {
  return (
    <div class="min-w-0 rounded-xl border border-white/10 p-3 text-sm">
      <p class="text-xs uppercase tracking-wider text-neutral-400">{side}</p>
      <p class="mt-1 font-medium" safe>
        {sideLabel(render, other)}
      </p>
      <p class="text-neutral-400">
        <a href={`/style/${encodeURIComponent(render.style_slug)}`} class={LINK} safe>
          {render.style_phrase}
        </a>{" "}
        · <span safe>{modelLabel(render.model_key)}</span> · version {render.version}
      </p>
      <p class="mt-2 flex flex-wrap gap-x-3">
        <a href={`/r/${render.id}`} class={LINK}>
          Open this render
        </a>
        <a href={chooserHref(render.id)} class={LINK}>
          Compare it with…
        </a>
      </p>
    </div>
  );
}

export function renderComparePage({ a, b, mode }: { a: RenderJson; b: RenderJson; mode: CompareMode }): string {
  const labels = { a: sideLabel(a, b), b: sideLabel(b, a) };
  return htmlPage(
    <Layout title={`Compare ${labels.a} and ${labels.b}: ${a.base_prompt}`} path={compareHref(a.id, b.id, mode)} description={`${a.base_prompt}: ${labels.a} against ${labels.b}.`}>
      <div class="mx-auto max-w-4xl space-y-5" data-compare={`${a.id} ${b.id}`}>
        <div>
          <p class="text-sm text-neutral-400">Compare</p>
          <h1 class="text-xl font-semibold tracking-tight sm:text-2xl" safe>
            {a.base_prompt}
          </h1>
          <p class="mt-1 text-neutral-300">
            <span safe>{labels.a}</span> <span class="text-neutral-400">against</span> <span safe>{labels.b}</span>
          </p>
        </div>
        <div class="flex flex-wrap items-center justify-between gap-3">
          <ModeTabs a={a.id} b={b.id} mode={mode} />
          <a href={compareHref(b.id, a.id, mode)} class="rounded-lg border border-white/10 px-3 py-1.5 text-sm text-neutral-300 hover:bg-white/5" data-swap>
            Swap sides
          </a>
        </div>
        {mode === "side" ? (
          <SideBySide a={a} b={b} />
        ) : (
          // At most a screen tall, so the whole picture (and the split line) is in view at once.
          <div class="mx-auto w-full max-w-[min(100%,calc(100dvh-12rem))]">
            {mode === "slider" ? (
              <CompareSlider
                left={{ src: a.image_path!, alt: renderAltText(a), label: labels.a, width: a.width, height: a.height }}
                right={{ src: b.image_path!, alt: renderAltText(b), label: labels.b, width: b.width, height: b.height }}
              />
            ) : (
              <Heatmap a={a} b={b} />
            )}
          </div>
        )}
        {mode === "slider" ? <p class="text-sm text-neutral-400">Drag across the picture, or focus it and use the arrow keys, to move the split.</p> : ""}
        <div class="grid gap-3 sm:grid-cols-2">
          <RenderFacts render={a} other={b} side="Left" />
          <RenderFacts render={b} other={a} side="Right" />
        </div>
      </div>
    </Layout>,
  );
}

function ChoiceGrid({ from, choices, caption }: { from: RenderJson; choices: RenderJson[]; caption: (render: RenderJson) => string }): JSX.Element {
  return (
    <ul class="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-5">
      {choices.map((choice) => (
        <li>
          <a href={compareHref(from.id, choice.id)} class="group block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-300" data-compare-choice={choice.id}>
            <RenderThumb render={choice} sizes={CHOICE_SIZES} />
            <span class="mt-1 block truncate text-sm text-neutral-300" safe>
              {caption(choice)}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function StylePicker({ from, choices }: { from: RenderJson; choices: RenderJson[] }): JSX.Element {
  return (
    <form action="/compare" method="get" class="mb-4 flex flex-wrap items-end gap-2" data-style-picker>
      <input type="hidden" name="a" value={from.id} />
      <label class="flex min-w-0 flex-col gap-1 text-sm text-neutral-300">
        <span>
          Another style on <span safe>{modelLabel(from.model_key)}</span>
        </span>
        <select name="b" class="max-w-full rounded-lg border border-white/15 bg-neutral-900 px-3 py-2 text-neutral-100">
          {choices.map((choice) => (
            <option value={choice.id} safe>
              {choice.style_phrase}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="rounded-lg bg-amber-300 px-4 py-2 text-sm font-medium text-neutral-950 hover:bg-amber-200">
        Compare
      </button>
    </form>
  );
}

export function renderChooserPage({ render, choices }: { render: RenderJson; choices: CompareChoices }): string {
  const { versions, otherModels, otherStyles } = choices;
  const nothing = versions.length + otherModels.length + otherStyles.length === 0;
  return htmlPage(
    <Layout title={`Compare: ${render.base_prompt} — ${render.style_phrase}`} path={chooserHref(render.id)} description={renderAltText(render)}>
      <div class="space-y-8" data-compare-chooser>
        <div class="flex items-center gap-4">
          <a href={`/r/${render.id}`} class="block w-24 shrink-0 sm:w-32">
            <RenderThumb render={render} sizes="128px" priority />
          </a>
          <div class="min-w-0">
            <p class="text-sm text-neutral-400">Compare with…</p>
            <h1 class="text-xl font-semibold tracking-tight" safe>
              {render.base_prompt}
            </h1>
            <p class="text-neutral-300">
              <span safe>{render.style_phrase}</span> · <span safe>{modelLabel(render.model_key)}</span> · version {render.version}
            </p>
          </div>
        </div>
        {versions.length > 0 ? (
          <section aria-labelledby="versions-heading">
            <h2 id="versions-heading" class="mb-3 text-lg font-semibold">
              Other versions
            </h2>
            <ChoiceGrid from={render} choices={versions} caption={(version) => `Version ${version.version}`} />
          </section>
        ) : (
          ""
        )}
        {otherModels.length > 0 ? (
          <section aria-labelledby="models-heading">
            <h2 id="models-heading" class="mb-3 text-lg font-semibold">
              Same style, other models
            </h2>
            <ChoiceGrid from={render} choices={otherModels} caption={(choice) => modelLabel(choice.model_key)} />
          </section>
        ) : (
          ""
        )}
        {otherStyles.length > 0 ? (
          <section aria-labelledby="styles-heading">
            <h2 id="styles-heading" class="mb-3 text-lg font-semibold">
              Other styles, same model
            </h2>
            <StylePicker from={render} choices={otherStyles} />
            <ChoiceGrid from={render} choices={otherStyles.slice(0, CHOICE_THUMBS)} caption={(choice) => choice.style_phrase} />
          </section>
        ) : (
          ""
        )}
        {nothing ? <p class="rounded-xl border border-dashed border-white/15 p-8 text-center text-neutral-400">Nothing else has been rendered from this prompt yet.</p> : ""}
      </div>
    </Layout>,
  );
}
