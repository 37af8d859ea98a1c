// The gallery's pages: home, explore (search), a style's matrix and a single render. Views never query.
import { htmlPage, Layout, SearchBox } from "../../ui/layout";
import { MatrixTable } from "../../ui/matrix-table";
import { RenderGrid, RenderThumb, renderAltText } from "../../ui/render-card";
import { StyleChips } from "../../ui/style-chips";
import { StyleCards } from "../../ui/style-cards";
import { isRetiredModel, modelLabel } from "../../generation/models/catalogue";
import type { RenderProvenance } from "../../generation/provenance";
import type { CataloguePainting } from "../../generation/catalogue-progress";
import type { ExploreSort, RenderJson, SearchPage, StyleJson } from "./model";
import type { Suggestions } from "./search";
import type { FeaturedStyle, Showcase, StyleCard, StyleMatrix } from "./service";
import { CollectControls } from "../collections/render-controls";
import type { SocialCard } from "../../ui/social-card";
import { BeforeAfter, RenderVersions, type BeforeAfterImages } from "./version-views";
import { CellCompareLinks, previousVersion, RenderCompareLinks } from "../compare/links";
import { MoreLikeThis, StyleStrengthPanel } from "./strength-views";
import type { ModelStrength } from "./style-strength";

const SHOWCASE_SIZES = "(min-width: 640px) 176px, 28vw";
// On a phone the showcase keeps three style columns, so its thumbnails stay large enough to read.
const PHONE_COLUMNS = 3;

function ShowcaseMatrix({ showcase }: { showcase: Showcase }): JSX.Element {
  const { prompts, styles, cells } = showcase;
  return (
    <section aria-labelledby="showcase-heading" class="mb-10" data-showcase>
      <div class="mb-3 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="showcase-heading" class="text-sm font-semibold uppercase tracking-wider text-neutral-400">
          Same prompt, many styles <span class="text-neutral-500">·</span> many prompts
        </h2>
        <p class="text-xs text-neutral-400">Rows: one prompt across styles. Columns: one style across prompts.</p>
      </div>
      <div class="-mx-4 overflow-x-auto px-4">
        <table class="w-full table-fixed border-separate border-spacing-1.5 sm:mx-auto sm:w-auto sm:border-spacing-3">
          <caption class="sr-only">The gallery as a matrix: base prompts in rows, style phrases in columns</caption>
          <thead>
            <tr>
              <th scope="col" class="w-20 text-left align-bottom text-[0.7rem] font-semibold uppercase tracking-wider text-neutral-400 sm:w-36">
                Prompt
              </th>
              {styles.map((style, index) => (
                <th scope="col" class={`text-left align-bottom text-xs font-medium sm:w-44 sm:text-sm ${index >= PHONE_COLUMNS ? "hidden sm:table-cell" : ""}`}>
                  <a href={`/style/${encodeURIComponent(style.slug)}`} class="line-clamp-2 text-amber-200 hover:underline" safe>
                    {style.phrase}
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {prompts.map((prompt, row) => (
              <tr>
                <th scope="row" class="text-left align-middle text-[0.7rem] font-normal leading-snug text-neutral-300 sm:text-sm">
                  <a href={`/explore?${new URLSearchParams({ q: prompt })}`} class="line-clamp-4 hover:underline" safe>
                    {prompt}
                  </a>
                </th>
                {styles.map((style, index) => {
                  const render = cells.get(prompt)?.get(style.slug);
                  return (
                    <td class={`align-top ${index >= PHONE_COLUMNS ? "hidden sm:table-cell" : ""}`}>
                      {render ? (
                        <a href={`/r/${render.id}`} class="group block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-300">
                          {/* Eager only where a phone shows the cell: an eager image in a hidden cell still loads. */}
                          <RenderThumb render={render} sizes={SHOWCASE_SIZES} priority={row === 0 && index < PHONE_COLUMNS} />
                        </a>
                      ) : (
                        <div class="aspect-square rounded-lg border border-dashed border-white/10"></div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The style an admin chose to feature: its name, a link to its page and its first renders. */
function FeaturedStyleSection({ featured }: { featured: FeaturedStyle }): JSX.Element {
  const href = `/style/${encodeURIComponent(featured.style.slug)}`;
  return (
    <section aria-labelledby="featured-heading" class="mb-10" data-featured-style={featured.style.slug}>
      <h2 id="featured-heading" class="mb-3 text-sm font-semibold uppercase tracking-wider text-neutral-400">
        Featured style:{" "}
        <a href={href} class="text-amber-300 hover:underline" safe>
          {featured.style.phrase}
        </a>
      </h2>
      <RenderGrid renders={featured.renders} />
    </section>
  );
}

export function renderHomePage(data: { renders: RenderJson[]; featured: FeaturedStyle | null; showcase: Showcase; styles: StyleJson[]; totalRenders: number; painting?: CataloguePainting | null }): string {
  const hasShowcase = data.showcase.prompts.length > 0 && data.showcase.styles.length > 0;
  return htmlPage(
    <Layout title="AI Gallery" path="/">
      <section class="flex flex-col items-center gap-2 pb-5 pt-1 text-center sm:gap-3 sm:pb-8 sm:pt-4">
        <h1 class="max-w-3xl text-balance text-2xl font-semibold tracking-tight sm:text-4xl">One prompt, many styles, several models.</h1>
        <p class="max-w-2xl text-pretty text-sm text-neutral-400 sm:text-lg">
          A style matrix of {data.totalRenders} images: the same base prompts rendered in {data.styles.length}+ style phrases.
        </p>
        {data.painting ? (
          <p class="flex items-center gap-2 text-sm text-amber-200" role="status" data-catalogue-progress>
            <span class="size-2 animate-pulse rounded-full bg-amber-300" aria-hidden="true"></span>
            <span safe>{`Painting the catalogue: ${data.painting.settled} of ${data.painting.total}. Refresh to see more.`}</span>
          </p>
        ) : (
          ""
        )}
      </section>
      {data.featured ? <FeaturedStyleSection featured={data.featured} /> : ""}
      {hasShowcase ? <ShowcaseMatrix showcase={data.showcase} /> : ""}
      <section class="mb-10 flex justify-center">
        <SearchBox />
      </section>
      {data.styles.length > 0 ? (
        <section aria-labelledby="styles-heading" class="mb-10">
          <h2 id="styles-heading" class="mb-3 text-sm font-semibold uppercase tracking-wider text-neutral-400">
            Styles
          </h2>
          <StyleChips styles={data.styles} label="Popular styles" />
        </section>
      ) : (
        ""
      )}
      <section aria-labelledby="gallery-heading">
        <h2 id="gallery-heading" class="mb-4 text-sm font-semibold uppercase tracking-wider text-neutral-400">
          From the gallery
        </h2>
        {data.renders.length > 0 ? (
          <RenderGrid renders={data.renders} />
        ) : (
          <p class="rounded-xl border border-dashed border-white/15 p-10 text-center text-neutral-400">
            The gallery is being painted. Refresh in a moment.
          </p>
        )}
      </section>
    </Layout>
  );
}

interface ExploreFilters {
  query: string;
  model: string | null;
  sort: ExploreSort;
}

function exploreHref(filters: ExploreFilters, extra: { offset?: number; cursor?: string } = {}): string {
  const params = new URLSearchParams();
  if (filters.query) params.set("q", filters.query);
  if (filters.model) params.set("model", filters.model);
  if (filters.sort !== "az") params.set("sort", filters.sort);
  if (extra.offset) params.set("offset", String(extra.offset));
  if (extra.cursor) params.set("cursor", extra.cursor);
  const text = params.toString();
  return text ? `/explore?${text}` : "/explore";
}

const SELECT_CLASS = "rounded-lg border border-white/10 bg-neutral-900 px-3 py-2 text-sm text-neutral-100 focus:border-amber-300/60 focus:outline-none";

function FilterBar({ filters, models }: { filters: ExploreFilters; models: string[] }): JSX.Element {
  return (
    <form action="/explore" method="get" class="mb-6 flex flex-wrap items-end gap-3" aria-label="Filter and sort" data-filter-form>
      {filters.query ? <input type="hidden" name="q" value={filters.query} /> : ""}
      <label class="flex flex-col gap-1 text-xs text-neutral-400">
        Model
        <select name="model" id="model-filter" class={SELECT_CLASS} data-autosubmit>
          <option value="">All models</option>
          {models.map((key) => (
            <option value={key} selected={key === filters.model} safe>
              {modelLabel(key)}
            </option>
          ))}
        </select>
      </label>
      <label class="flex flex-col gap-1 text-xs text-neutral-400">
        Sort
        <select name="sort" id="sort-order" class={SELECT_CLASS} data-autosubmit>
          <option value="az" selected={filters.sort === "az"}>
            {filters.query ? "Best match (style A–Z)" : "Style A–Z"}
          </option>
          <option value="newest" selected={filters.sort === "newest"}>
            Newest
          </option>
          {/* A style order: offered where explore shows styles, not with a search's renders. */}
          {filters.query ? (
            ""
          ) : (
            <option value="strength" selected={filters.sort === "strength"}>
              Strongest effect
            </option>
          )}
        </select>
      </label>
      <button type="submit" class="rounded-lg border border-white/15 px-4 py-2 text-sm text-neutral-200 hover:bg-white/5" data-filter-apply>
        Apply
      </button>
    </form>
  );
}

function Pager({ previous, next }: { previous: string | null; next: string | null }): JSX.Element {
  return (
    <nav aria-label="Pages" class="mt-10 flex items-center justify-between gap-4">
      {previous ? (
        <a class="rounded-lg border border-white/10 px-4 py-2 hover:bg-white/5" href={previous}>
          ← Previous
        </a>
      ) : (
        <span></span>
      )}
      {next ? (
        <a class="rounded-lg border border-white/10 px-4 py-2 hover:bg-white/5" href={next}>
          Next →
        </a>
      ) : (
        ""
      )}
    </nav>
  );
}

function MatchedList({ page }: { page: SearchPage }): JSX.Element {
  const { styles, prompts, models } = page.matched;
  if (styles.length + prompts.length + models.length === 0) return "";
  return (
    <div class="mb-8 space-y-3 text-sm" data-matched>
      {styles.length > 0 ? (
        <div class="flex flex-wrap items-center gap-2">
          <span class="text-neutral-400">Styles</span>
          {styles.map((style) => (
            <a href={`/style/${encodeURIComponent(style.slug)}`} class={CHIP} safe>
              {style.phrase}
            </a>
          ))}
        </div>
      ) : (
        ""
      )}
      {prompts.length > 0 ? (
        <div class="flex flex-wrap items-center gap-2">
          <span class="text-neutral-400">Prompts</span>
          {prompts.map((prompt) => (
            <a href={exploreHref({ query: prompt, model: page.model, sort: page.sort })} class={CHIP} safe>
              {prompt}
            </a>
          ))}
        </div>
      ) : (
        ""
      )}
      {models.length > 0 ? (
        <div class="flex flex-wrap items-center gap-2">
          <span class="text-neutral-400">Models</span>
          {models.map((key) => (
            <a href={exploreHref({ query: "", model: key, sort: page.sort })} class={CHIP} safe>
              {modelLabel(key)}
            </a>
          ))}
        </div>
      ) : (
        ""
      )}
    </div>
  );
}

const CHIP = "inline-flex rounded-full border border-white/10 bg-white/5 px-3 py-1.5 text-neutral-200 hover:border-amber-300/50 hover:bg-amber-300/10 hover:text-white";

function SuggestionList({ suggestions }: { suggestions: Suggestions }): JSX.Element {
  return (
    <section aria-labelledby="suggestions-heading" class="mb-10 rounded-xl border border-white/10 p-5" data-suggestions>
      <h2 id="suggestions-heading" class="mb-4 font-semibold">
        Nearest in the gallery
      </h2>
      {suggestions.styles.length > 0 ? (
        <div class="mb-4 flex flex-wrap items-center gap-2 text-sm">
          <span class="text-neutral-400">Styles</span>
          {suggestions.styles.map((style) => (
            <a href={`/style/${encodeURIComponent(style.slug)}`} class={CHIP} safe>
              {style.phrase}
            </a>
          ))}
        </div>
      ) : (
        ""
      )}
      {suggestions.prompts.length > 0 ? (
        <div class="flex flex-wrap items-center gap-2 text-sm">
          <span class="text-neutral-400">Prompts</span>
          {suggestions.prompts.map((prompt) => (
            <a href={exploreHref({ query: prompt, model: null, sort: "az" })} class={CHIP} safe>
              {prompt}
            </a>
          ))}
        </div>
      ) : (
        ""
      )}
    </section>
  );
}

export interface ExplorePageData extends ExploreFilters {
  models: string[];
  page: SearchPage | null;
  styleCards: { cards: StyleCard[]; total: number; offset: number; limit: number } | null;
  suggestions: Suggestions | null;
}

export function renderExplorePage(data: ExplorePageData): string {
  const { query, page, model } = data;
  const filters: ExploreFilters = { query, model, sort: data.sort };
  const title = query ? `“${query}”` : model ? modelLabel(model) : "All styles";
  return htmlPage(
    <Layout title={query ? `Search: ${query}` : title} path="/explore" query={query}>
      <h1 class="mb-4 text-2xl font-semibold tracking-tight sm:text-3xl" safe>
        {title}
      </h1>
      <FilterBar filters={filters} models={data.models} />
      {page ? (
        <>
          <p class="mb-4 text-neutral-400" data-result-count>
            {page.total === 0 ? (
              "No renders match."
            ) : (
              <>
                {page.total} {page.total === 1 ? "render" : "renders"} · showing {page.offset + 1}–{page.offset + page.results.length}
              </>
            )}
          </p>
          {data.suggestions ? <SuggestionList suggestions={data.suggestions} /> : <MatchedList page={page} />}
          <RenderGrid renders={page.results} priorityCount={2} />
          <Pager
            previous={page.offset > 0 ? exploreHref(filters, { offset: Math.max(0, page.offset - page.limit), cursor: page.cursor }) : null}
            next={page.next_offset !== null ? exploreHref(filters, { offset: page.next_offset, cursor: page.cursor }) : null}
          />
        </>
      ) : data.styleCards ? (
        <>
          <p class="mb-6 text-neutral-400">
            {data.styleCards.total} styles. Each card opens the style’s matrix; type in the search box for a subject or model.
          </p>
          <StyleCards cards={data.styleCards.cards} label="All styles" />
          <Pager
            previous={data.styleCards.offset > 0 ? exploreHref(filters, { offset: Math.max(0, data.styleCards.offset - data.styleCards.limit) }) : null}
            next={
              data.styleCards.offset + data.styleCards.cards.length < data.styleCards.total
                ? exploreHref(filters, { offset: data.styleCards.offset + data.styleCards.cards.length })
                : null
            }
          />
        </>
      ) : (
        ""
      )}
    </Layout>
  );
}

export function renderStylePage(matrix: StyleMatrix, strengths: ModelStrength[] = []): string {
  const { style } = matrix;
  const path = `/style/${encodeURIComponent(style.slug)}`;
  return htmlPage(
    <Layout title={style.phrase} path={path} description={`“${style.phrase}” across ${matrix.totalPrompts} prompts and ${matrix.models.length} models.`}>
      <nav aria-label="Breadcrumb" class="mb-3 text-sm text-neutral-400">
        <a href="/explore" class="hover:text-neutral-300">
          Styles
        </a>{" "}
        /
      </nav>
      <div class="mb-6 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 class="text-2xl font-semibold tracking-tight sm:text-4xl" safe>
            {style.phrase}
          </h1>
          <p class="mt-1 text-neutral-400">
            {style.count} renders · {matrix.totalPrompts} prompts × {matrix.models.length} models
          </p>
        </div>
        <div class="flex flex-wrap gap-2">
          <a
            href={`/studio?style=${encodeURIComponent(style.phrase)}`}
            class="rounded-lg bg-amber-300 px-4 py-2 text-sm font-medium text-neutral-950 hover:bg-amber-200"
            data-try-style
          >
            Try this style on my photo
          </a>
          <a href={path} class="rounded-lg border border-white/10 px-3 py-2 text-sm text-neutral-300 hover:bg-white/5">
            Permalink
          </a>
        </div>
      </div>
      <StyleStrengthPanel strengths={strengths} />
      <MatrixTable
        caption={`Matrix for ${style.phrase}: rows are base prompts, columns are models`}
        prompts={matrix.prompts}
        models={matrix.models}
        cell={(prompt, model) => matrix.cells.get(prompt)?.get(model)}
        eagerFirstRow
        CellExtra={({ prompt, model, column }) => (
          <CellCompareLinks render={matrix.cells.get(prompt)?.get(model)} next={matrix.cells.get(prompt)?.get(matrix.models[column + 1] ?? "")} />
        )}
      />
      <StylePromptPager matrix={matrix} path={path} />
    </Layout>
  );
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-GB", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

const ACTION = "inline-flex items-center gap-2 rounded-lg border border-white/15 px-3 py-2 text-sm text-neutral-200 hover:bg-white/5";

/** Copy the prompt, share the page, start a new matrix from the prompt (buttons wired by src/client/render-actions.ts). */
function RenderActions({ render }: { render: RenderJson }): JSX.Element {
  return (
    <div class="flex flex-wrap gap-2" data-render-actions>
      <button type="button" class={ACTION} data-copy-text={render.effective_prompt} data-done-label="Prompt copied">
        Copy prompt
      </button>
      {render.visibility === "public" ? (
        <button type="button" class={ACTION} data-share-path={`/r/${render.id}`} data-share-title={`${render.base_prompt} — ${render.style_phrase}`} data-done-label="Link copied">
          Share
        </button>
      ) : (
        ""
      )}
      <a href={`/studio?${new URLSearchParams({ prompt: render.base_prompt })}`} class={ACTION} data-use-prompt>
        Use this prompt for a new matrix
      </a>
      <CollectControls render={render} buttonClass={ACTION} />
      <p class="sr-only" role="status" aria-live="polite" data-action-status></p>
    </div>
  );
}

/**
 * The zoom view: this render and its siblings, large, in a <dialog> (Escape closes it natively). The
 * items are data attributes, so the CSP-built script reads them without any inline code.
 */
function Lightbox({ render, siblings }: { render: RenderJson; siblings: RenderJson[] }): JSX.Element {
  const items = [render, ...siblings].filter((item) => item.image_path);
  return (
    <dialog class="m-auto max-h-none max-w-none bg-transparent p-0 text-neutral-100 backdrop:bg-black/90" aria-label="Zoomed image" data-lightbox>
      <ol hidden>
        {items.map((item) => (
          <li data-lightbox-item data-src={item.image_path ?? ""} data-href={`/r/${item.id}`} data-caption={renderAltText(item)}></li>
        ))}
      </ol>
      <div class="lightbox-stage flex h-[100dvh] w-[100vw] flex-col items-center justify-center gap-3 p-3 sm:p-6">
        <img src={render.image_path ?? ""} alt={renderAltText(render)} class="max-h-[calc(100dvh-7rem)] max-w-full rounded-lg object-contain" data-lightbox-image />
        <div class="flex w-full max-w-3xl items-center justify-between gap-3 text-sm">
          <button type="button" class="rounded-lg border border-white/20 px-3 py-2 hover:bg-white/10" data-lightbox-previous aria-label="Previous image">
            ←
          </button>
          <p class="min-w-0 flex-1 text-center text-neutral-300">
            <a href={`/r/${render.id}`} class="hover:underline" data-lightbox-caption safe>
              {renderAltText(render)}
            </a>{" "}
            <span class="text-neutral-400" data-lightbox-position>
              1 / {items.length}
            </span>
          </p>
          <button type="button" class="rounded-lg border border-white/20 px-3 py-2 hover:bg-white/10" data-lightbox-next aria-label="Next image">
            →
          </button>
          <button type="button" class="rounded-lg border border-white/20 px-3 py-2 hover:bg-white/10" data-lightbox-close>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}

/** "GPT Image 2 · snapshot gpt-image-2-2026-04-21 · seed 42": what made it, as recorded when it completed. */
function modelLine(render: RenderJson, provenance: RenderProvenance | null): string {
  if (!provenance) return modelLabel(render.model_key);
  const parts = [provenance.model_label];
  if (provenance.model_version) {
    const version = provenance.provider === "replicate" ? provenance.model_version.slice(0, 12) : provenance.model_version;
    parts.push(`${provenance.provider === "openai" ? "snapshot" : "version"} ${version}`);
  }
  if (provenance.seed !== null) parts.push(`seed ${provenance.seed}`);
  if (provenance.strength !== null) parts.push(`strength ${provenance.strength}`);
  // The stored files are re-encoded and cannot keep the manifest; say that there was one.
  if (provenance.source_content_credentials) parts.push("source image carried C2PA Content Credentials");
  return parts.join(" · ");
}

/** A plain form post, so reporting works without JavaScript. */
function ReportForm({ renderId }: { renderId: string }): JSX.Element {
  return (
    <form method="post" action={`/render/${renderId}/report`} class="flex items-center gap-2 text-sm" data-report-form>
      <label for="report-reason" class="text-neutral-400">
        Report
      </label>
      <select id="report-reason" name="reason" class="rounded bg-neutral-800 px-2 py-1">
        <option value="spam">Spam</option>
        <option value="nsfw">Not safe for work</option>
        <option value="copyright">Copyright</option>
        <option value="other">Something else</option>
      </select>
      <button class="rounded bg-neutral-800 px-2 py-1 hover:bg-neutral-700">Report</button>
    </form>
  );
}

export interface RenderPageData {
  render: RenderJson;
  siblings: RenderJson[];
  beforeImage: string | null;
  provenance: RenderProvenance | null;
  /** Every version of this cell the viewer may see, oldest first (empty or one: no list). */
  versions?: RenderJson[];
  /** Set when a moderator hid it (only its owner sees the page then). */
  hiddenReason?: string | null;
  /** Nearest public renders by style fingerprint. */
  similar?: RenderJson[];
}

/** The slider's two images: a restyled photo against its result (two renders are compared on /compare). */
function beforeAfterImages(render: RenderJson, beforeImage: string | null): BeforeAfterImages | null {
  if (!render.image_path) return null;
  if (beforeImage) {
    return { before: { src: beforeImage, alt: "Your photo, before", label: "Before" }, after: { src: render.image_path, alt: `After: ${renderAltText(render)}`, label: "After" } };
  }
  return null;
}

/** A shared link's card: the web image only while anyone may see it (a private render's page answers its owner only). */
function renderCard(render: RenderJson): SocialCard {
  const shareable = render.visibility === "public" && render.status === "done" && render.image_path;
  return {
    title: `${render.base_prompt} — ${render.style_phrase}`,
    description: renderAltText(render),
    path: `/r/${render.id}`,
    image: shareable ? { path: render.image_path!, width: render.width, height: render.height, alt: renderAltText(render) } : null,
  };
}

export function renderRenderPage(data: RenderPageData): string {
  const { render, siblings } = data;
  const versions = data.versions ?? [];
  const slider = beforeAfterImages(render, data.beforeImage);
  const stylePath = `/style/${encodeURIComponent(render.style_slug)}`;
  return htmlPage(
    <Layout title={`${render.base_prompt} — ${render.style_phrase}`} path={`/r/${render.id}`} description={renderAltText(render)} card={renderCard(render)}>
      <div class="grid items-start gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <figure class="mx-auto w-full max-w-[min(100%,calc(100vh-8rem))] overflow-hidden rounded-2xl bg-neutral-900">
          {slider ? (
            <BeforeAfter images={slider} />
          ) : render.image_path ? (
            <button type="button" class="thumb block w-full cursor-zoom-in" data-thumbhash={render.thumbhash ?? ""} data-lightbox-open="0" aria-label="Zoom: view large">
              <img
                src={render.image_path}
                width={render.width ?? 1024}
                height={render.height ?? 1024}
                alt={renderAltText(render)}
                fetchpriority="high"
                decoding="async"
                class="h-auto w-full"
              />
            </button>
          ) : (
            <div class="grid aspect-square place-items-center p-6 text-center text-neutral-400" data-watch-render={render.status === "failed" ? undefined : render.id}>
              {render.status === "failed" ? (
                <p safe>{render.error ?? "This render failed."}</p>
              ) : (
                <p class="flex items-center gap-3">
                  <span class="size-2.5 animate-pulse rounded-full bg-amber-300"></span>
                  <span data-status-text>{render.status === "running" ? "Rendering…" : "Queued…"}</span>
                </p>
              )}
            </div>
          )}
        </figure>
        <aside class="space-y-5">
          {data.hiddenReason != null ? (
            <p class="rounded-lg bg-red-950 px-3 py-2 text-sm text-red-200" data-hidden-notice>
              Hidden by a moderator{data.hiddenReason ? ": " : "."}
              <span safe>{data.hiddenReason}</span>
            </p>
          ) : (
            ""
          )}
          <div>
            <h1 class="text-xl font-semibold tracking-tight" safe>
              {render.base_prompt}
            </h1>
            <p class="mt-1 text-neutral-400">
              in the style{" "}
              <a href={stylePath} class="font-medium text-amber-300 hover:underline" safe>
                {render.style_phrase}
              </a>
            </p>
          </div>
          <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt class="text-neutral-400">Model</dt>
            <dd>
              <span safe>{modelLine(render, data.provenance)}</span>
              {isRetiredModel(render.model_key) ? <span class="ml-2 rounded bg-neutral-800 px-1.5 py-0.5 text-xs text-neutral-300">retired model</span> : ""}
            </dd>
            <dt class="text-neutral-400">Prompt</dt>
            <dd class="text-neutral-300" safe>
              {render.effective_prompt}
            </dd>
            <dt class="text-neutral-400">Size</dt>
            <dd>
              {render.width && render.height ? `${render.width} × ${render.height} on the web` : "—"}
              {render.full_width && render.full_height ? `; ${render.full_width} × ${render.full_height} at full resolution` : ""}
            </dd>
            <dt class="text-neutral-400">Created</dt>
            <dd>
              <time datetime={render.created_at} safe>{formatDate(render.created_at)}</time>
            </dd>
          </dl>
          {render.status === "done" ? <RenderActions render={render} /> : ""}
          {versions.length > 1 ? <RenderVersions render={render} versions={versions} /> : ""}
          <RenderCompareLinks render={render} siblings={siblings} previous={previousVersion(versions, render)} />
          <p class="text-sm">
            <a href={stylePath} class="text-neutral-300 underline decoration-white/30 hover:decoration-white">
              See the whole matrix for this style →
            </a>
          </p>
          {render.status === "done" ? (
            <p class="text-sm">
              <a href={`/r/${render.id}/download`} class="text-neutral-300 underline decoration-white/30 hover:decoration-white">
                Download at full resolution
                {render.full_width && render.full_height ? ` (${render.full_width} × ${render.full_height})` : ""}
              </a>{" "}
              {/* Only its owner sees a private render's page; a public page is the same for everyone. */}
              <span class="text-neutral-400">{render.visibility === "private" ? "(yours)" : "(for its owner and unlocked accounts)"}</span>
            </p>
          ) : (
            ""
          )}
          <p>
            <a
              href={`/studio?style=${encodeURIComponent(render.style_phrase)}`}
              class="inline-block rounded-lg bg-amber-300 px-4 py-2 text-sm font-medium text-neutral-950 hover:bg-amber-200"
            >
              Apply this style to my photo
            </a>
          </p>
          {render.visibility === "public" && render.status === "done" && data.hiddenReason == null ? <ReportForm renderId={render.id} /> : ""}
        </aside>
      </div>
      {render.image_path && !slider ? <Lightbox render={render} siblings={siblings} /> : ""}
      {siblings.length > 0 ? (
        <section aria-labelledby="siblings-heading" class="mt-12">
          <h2 id="siblings-heading" class="mb-4 text-lg font-semibold tracking-tight">
            Same prompt, other styles and models
          </h2>
          <RenderGrid renders={siblings} />
        </section>
      ) : (
        ""
      )}
      <MoreLikeThis renders={data.similar ?? []} />
    </Layout>
  );
}

/** Where this page's prompts sit among the style's, with links to the first prompts and to the next ones. */
function StylePromptPager({ matrix, path }: { matrix: StyleMatrix; path: string }): JSX.Element {
  if (matrix.totalPrompts <= matrix.prompts.length) return "";
  const first = matrix.promptsBefore + 1;
  const last = matrix.promptsBefore + matrix.prompts.length;
  return (
    <nav aria-label="More prompts" class="mt-6 flex flex-wrap items-center justify-between gap-3 text-sm text-neutral-300">
      <p>
        Prompts {first}–{last} of {matrix.totalPrompts}
      </p>
      <div class="flex gap-2">
        {matrix.promptsBefore > 0 ? (
          <a href={path} class="rounded-lg border border-white/10 px-3 py-2 hover:bg-white/5">
            First prompts
          </a>
        ) : (
          ""
        )}
        {matrix.nextAfter !== null ? (
          <a href={`${path}?after=${encodeURIComponent(matrix.nextAfter)}`} rel="next" class="rounded-lg border border-white/10 px-3 py-2 hover:bg-white/5" data-next-prompts>
            More prompts →
          </a>
        ) : (
          ""
        )}
      </div>
    </nav>
  );
}
