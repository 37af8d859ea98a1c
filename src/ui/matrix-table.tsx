// The style matrix as a table (rows: base prompts, columns: models), shared by the style page and a run's page;
// a cell's markup is also what live progress sends, so a cell filled in live is the cell a reload shows.
import type { RenderJson } from "../features/gallery/model";
import { modelLabel } from "../generation/models/catalogue";
import { htmlPage } from "./layout";
import { RenderThumb, wasCancelled } from "./render-card";

/** The table fills the page width: with few models each cell is wide, so the browser may pick the 2× thumbnail. */
export const MATRIX_CELL_SIZES = "(min-width: 1024px) 30vw, 45vw";

/**
 * One cell's content, wrapped so live progress can find it (`data-matrix-cell`) and replace it whole.
 * A queued or running cell names its run (`data-live-run`), whose event stream the page then follows.
 */
/** `priority`: the cell is on the first screen (the style page's first row), so its image is fetched at once. */
export function MatrixCell({ render, priority = false }: { render: RenderJson | undefined; priority?: boolean }): JSX.Element {
  if (!render) {
    return <div class="grid aspect-square place-items-center rounded-lg border border-dashed border-white/10 text-xs text-neutral-400">not rendered</div>;
  }
  const live = (render.status === "pending" || render.status === "running") && render.matrix_run_id ? render.matrix_run_id : undefined;
  return (
    <div data-matrix-cell={render.id} data-live-run={live}>
      {render.status === "done" ? (
        <a href={`/r/${render.id}`} class="group block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-300">
          <RenderThumb render={render} sizes={MATRIX_CELL_SIZES} priority={priority} />
        </a>
      ) : (
        <RenderThumb render={render} sizes={MATRIX_CELL_SIZES} />
      )}
      {render.status === "failed" && render.error && !wasCancelled(render) ? (
        <p class="mt-1 text-xs text-rose-300" safe>
          {render.error}
        </p>
      ) : (
        ""
      )}
    </div>
  );
}

/** The cell's HTML on its own, for a live-progress event. */
export function matrixCellHtml(render: RenderJson): string {
  return htmlPage(<MatrixCell render={render} />);
}

export interface MatrixTableProps {
  /** For screen readers: what the table shows. */
  caption: string;
  prompts: readonly string[];
  models: readonly string[];
  cell(prompt: string, model: string): RenderJson | undefined;
  /** Fetch the first row's images at once: for a page where the table is the first screen. */
  eagerFirstRow?: boolean;
  /** Extra links under a cell (the style page's "compare with…"). */
  CellExtra?: (props: { prompt: string; model: string; column: number }) => JSX.Element;
}

export function MatrixTable({ caption, prompts, models, cell, eagerFirstRow = false, CellExtra }: MatrixTableProps): JSX.Element {
  return (
    <div class="-mx-4 overflow-x-auto px-4">
      <table class="w-full border-separate border-spacing-2 sm:border-spacing-4" data-style-matrix>
        <caption class="sr-only" safe>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="w-24 text-left align-bottom text-xs font-semibold uppercase tracking-wider text-neutral-400 sm:w-48">
              Prompt
            </th>
            {models.map((model) => (
              <th scope="col" class="min-w-[40vw] text-left align-bottom text-sm font-medium text-neutral-300 sm:min-w-48" safe>
                {modelLabel(model)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {prompts.map((prompt, row) => (
            <tr>
              <th scope="row" class="text-left align-middle text-xs font-normal text-neutral-300 sm:text-sm" safe>
                {prompt}
              </th>
              {models.map((model, column) => (
                <td class="min-w-[40vw] align-top sm:min-w-48">
                  <MatrixCell render={cell(prompt, model)} priority={eagerFirstRow && row === 0} />
                  {CellExtra ? <CellExtra prompt={prompt} model={model} column={column} /> : ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
