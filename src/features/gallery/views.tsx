// The gallery's pages: home, explore (search), a style's matrix and a single render. Views never query.
import { htmlPage, Layout, SearchBox } from "../../ui/layout";
import { RenderGrid, RenderThumb, renderAltText } from "../../ui/render-card";
import { StyleChips } from "../../ui/style-chips";
import { modelLabel } from "../../generation/providers/registry";
import type { RenderJson, SearchPage, StyleJson } from "./model";
import type { StyleMatrix } from "./service";

export function renderHomePage(data: { renders: RenderJson[]; styles: StyleJson[]; totalRenders: number }): string {
  return htmlPage(
    <Layout title="AI Gallery" path="/">
      <section class="flex flex-col items-center gap-6 py-8 text-center sm:py-14">
        <h1 class="max-w-3xl text-balance text-3xl font-semibold tracking-tight sm:text-5xl">
          One prompt, many styles, several models.
        </h1>
        <p class="max-w-2xl text-pretty text-neutral-400 sm:text-lg">
          A style matrix of {data.totalRenders} images: the same base prompts rendered in {data.styles.length}+ style
          phrases. Search a style to see how it shapes an image.
        </p>
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
          <RenderGrid renders={data.renders} priorityCount={2} />
        ) : (
          <p class="rounded-xl border border-dashed border-white/15 p-10 text-center text-neutral-400">
            The gallery is being painted. Refresh in a moment.
          </p>
        )}
      </section>
    </Layout>
  );
}

function pageHref(query: string, offset: number, cursor: string): string {
  const params = new URLSearchParams({ q: query, offset: String(offset), cursor });
  return `/explore?${params}`;
}

export function renderExplorePage(data: { query: string; page: SearchPage | null; styles: StyleJson[] }): string {
  const { query, page } = data;
  const title = query ? `“${query}”` : "All styles";
  return htmlPage(
    <Layout title={query ? `Search: ${query}` : "All styles"} path="/explore" query={query}>
      <h1 class="mb-2 text-2xl font-semibold tracking-tight sm:text-3xl" safe>
        {title}
      </h1>
      {page ? (
        <>
          <p class="mb-6 text-neutral-400">
            {page.total === 0 ? (
              "No renders match."
            ) : (
              <>
                {page.total} {page.total === 1 ? "render" : "renders"} · showing {page.offset + 1}–{page.offset + page.results.length}
              </>
            )}
          </p>
          {data.styles.length > 0 ? (
            <div class="mb-8">
              <StyleChips styles={data.styles} label="Matching styles" />
            </div>
          ) : (
            ""
          )}
          <RenderGrid renders={page.results} priorityCount={2} />
          <nav aria-label="Pages" class="mt-10 flex items-center justify-between gap-4">
            {page.offset > 0 ? (
              <a class="rounded-lg border border-white/10 px-4 py-2 hover:bg-white/5" href={pageHref(query, Math.max(0, page.offset - page.limit), page.cursor)}>
                ← Previous
              </a>
            ) : (
              <span></span>
            )}
            {page.next_offset !== null ? (
              <a class="rounded-lg border border-white/10 px-4 py-2 hover:bg-white/5" href={pageHref(query, page.next_offset, page.cursor)}>
                Next →
              </a>
            ) : (
              ""
            )}
          </nav>
        </>
      ) : (
        <>
          <p class="mb-6 text-neutral-400">Every style in the gallery. Type in the search box to narrow it down.</p>
          <StyleChips styles={data.styles} label="All styles" />
        </>
      )}
    </Layout>
  );
}

const MATRIX_CELL_SIZES = "(min-width: 1024px) 220px, 45vw";

export function renderStylePage(matrix: StyleMatrix): string {
  const { style } = matrix;
  const path = `/style/${encodeURIComponent(style.slug)}`;
  return htmlPage(
    <Layout title={style.phrase} path={path} description={`“${style.phrase}” across ${matrix.prompts.length} prompts and ${matrix.models.length} models.`}>
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
            {style.count} renders · {matrix.prompts.length} prompts × {matrix.models.length} models
          </p>
        </div>
        <a href={path} class="rounded-lg border border-white/10 px-3 py-1.5 text-sm text-neutral-300 hover:bg-white/5">
          Permalink
        </a>
      </div>
      <div class="-mx-4 overflow-x-auto px-4">
        <table class="border-separate border-spacing-2 sm:border-spacing-4">
          <caption class="sr-only" safe>
            {`Matrix for ${style.phrase}: rows are base prompts, columns are models`}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="w-24 text-left align-bottom text-xs font-semibold uppercase tracking-wider text-neutral-400 sm:w-48">
                Prompt
              </th>
              {matrix.models.map((model) => (
                <th scope="col" class="w-[40vw] text-left align-bottom text-sm font-medium text-neutral-300 sm:w-60" safe>
                  {modelLabel(model)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.prompts.map((prompt, row) => (
              <tr>
                <th scope="row" class="text-left align-middle text-xs font-normal text-neutral-300 sm:text-sm" safe>
                  {prompt}
                </th>
                {matrix.models.map((model) => {
                  const render = matrix.cells.get(prompt)?.get(model);
                  return (
                    <td class="w-[40vw] align-top sm:w-60">
                      {render?.status === "done" ? (
                        <a href={`/r/${render.id}`} class="group block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-300">
                          <RenderThumb render={render} sizes={MATRIX_CELL_SIZES} priority={row === 0} />
                        </a>
                      ) : render ? (
                        <RenderThumb render={render} sizes={MATRIX_CELL_SIZES} />
                      ) : (
                        <div class="grid aspect-square place-items-center rounded-lg border border-dashed border-white/10 text-xs text-neutral-400">
                          not rendered
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString("en-GB", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

export function renderRenderPage(data: { render: RenderJson; siblings: RenderJson[]; beforeImage: string | null }): string {
  const { render, siblings } = data;
  const stylePath = `/style/${encodeURIComponent(render.style_slug)}`;
  return htmlPage(
    <Layout title={`${render.base_prompt} — ${render.style_phrase}`} path={`/r/${render.id}`} description={renderAltText(render)}>
      <div class="grid items-start gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <figure class="mx-auto w-full max-w-[min(100%,calc(100vh-8rem))] overflow-hidden rounded-2xl bg-neutral-900">
          {render.image_path && data.beforeImage ? (
            <div class="relative aspect-square select-none" data-before-after>
              {/* Both fill the same square the result was cropped to, so the slider lines them up. */}
              <img src={data.beforeImage} alt="Your photo, before" class="absolute inset-0 h-full w-full object-cover" />
              <img src={render.image_path} alt={`After: ${renderAltText(render)}`} class="absolute inset-0 h-full w-full object-cover" data-after />
              <span class="absolute left-3 top-3 rounded bg-black/60 px-2 py-1 text-xs">Before</span>
              <span class="absolute right-3 top-3 rounded bg-black/60 px-2 py-1 text-xs">After</span>
              <label class="absolute inset-x-4 bottom-4 flex items-center gap-3 rounded-lg bg-black/60 px-3 py-2 text-xs">
                <span>Before</span>
                <input type="range" min="0" max="100" value="50" class="w-full accent-amber-300" aria-label="Slide between before and after" data-before-after-range />
                <span>After</span>
              </label>
            </div>
          ) : render.image_path ? (
            <div class="thumb" data-thumbhash={render.thumbhash ?? ""}>
              <img
                src={render.image_path}
                width={render.width ?? 1024}
                height={render.height ?? 1024}
                alt={renderAltText(render)}
                fetchpriority="high"
                decoding="async"
                class="h-auto w-full"
              />
            </div>
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
            <dd safe>{modelLabel(render.model_key)}</dd>
            <dt class="text-neutral-400">Prompt</dt>
            <dd class="text-neutral-300" safe>
              {render.effective_prompt}
            </dd>
            <dt class="text-neutral-400">Size</dt>
            <dd>{render.width && render.height ? `${render.width} × ${render.height}` : "—"}</dd>
            <dt class="text-neutral-400">Created</dt>
            <dd>
              <time datetime={render.created_at} safe>{formatDate(render.created_at)}</time>
            </dd>
          </dl>
          <p class="text-sm">
            <a href={stylePath} class="text-neutral-300 underline decoration-white/30 hover:decoration-white">
              See the whole matrix for this style →
            </a>
          </p>
          {render.visibility === "public" && render.status === "done" ? (
            <p class="text-sm">
              <a href={`/r/${render.id}/download`} class="text-neutral-300 underline decoration-white/30 hover:decoration-white">
                Download at full resolution
              </a>{" "}
              <span class="text-neutral-400">(unlocked accounts)</span>
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
        </aside>
      </div>
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
    </Layout>
  );
}
