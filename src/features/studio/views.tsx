// Studio pages: upload and apply a style, start a matrix run, history; and a run's live grid.
import { modelLabel } from "../../generation/models/catalogue";
import type { ModelEntry } from "../../generation/models/model-entry";
import { escapeHtml } from "@kitajs/html";
import { htmlPage, Layout } from "../../ui/layout";
import { MatrixTable } from "../../ui/matrix-table";
import { wasCancelled } from "../../ui/render-card";
import type { AccountSummary } from "../billing/ledger";
import type { RenderJson, StyleJson } from "../gallery/model";
import type { MatrixRun } from "../../db/matrix-runs";
import type { RestyleResult } from "./restyles";
import { BeforeAfter } from "../gallery/version-views";
import type { HistoryGroup } from "./service";
import { CANCELLED_ERROR } from "../../generation/queue";
import { MATRIX_LIMITS } from "./service";
import type { DeliveryListing } from "../webhooks/deliveries";
import { WebhookDeliveries } from "../webhooks/views";

function ModelChoices({ models, name, group }: { models: ModelEntry[]; name: string; group: string }): JSX.Element {
  return (
    <fieldset class="space-y-2">
      <legend class="mb-1 text-sm text-neutral-400">Models</legend>
      {models.map((model, index) => (
        <label class="flex items-center justify-between gap-3 rounded-lg border border-white/10 px-3 py-2 hover:bg-white/5">
          <span class="flex items-center gap-2">
            <input type="checkbox" name={name} value={model.key} checked={index === 0} data-cost={String(model.cost_credits)} data-cost-group={group} class="accent-amber-300" />
            <span safe>{model.label}</span>
          </span>
          <span class="text-xs text-neutral-400">{model.cost_credits} credits</span>
        </label>
      ))}
    </fieldset>
  );
}

export interface StudioPageData {
  account: AccountSummary;
  email: string;
  imageModels: ModelEntry[];
  textModels: ModelEntry[];
  styles: StyleJson[];
  history: { groups: HistoryGroup[]; page: number; hasOlder: boolean };
  presetStyle: string;
  /** From a render page's "use this prompt": the matrix form starts with it. */
  presetPrompt: string;
}

function StudioHeader({ email, credits }: { email: string; credits: number }): JSX.Element {
  return (
    <div class="mb-8 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 class="text-2xl font-semibold tracking-tight sm:text-3xl">Studio</h1>
        <p class="mt-1 text-neutral-400">
          Signed in as <span safe>{email}</span> · <strong class="text-amber-200" data-credits>{credits}</strong> credits
        </p>
      </div>
      <a href="/pricing" class="rounded-lg border border-white/15 px-4 py-2 text-sm hover:bg-white/5">
        Buy credits
      </a>
    </div>
  );
}

/** Style phrases from the gallery, offered by both forms' style inputs. */
function StyleOptions({ styles }: { styles: StyleJson[] }): JSX.Element {
  return (
    <datalist id="style-options">
      {styles.map((style) => (
        <option value={style.phrase}></option>
      ))}
    </datalist>
  );
}

function RestyleSection({ models, presetStyle }: { models: ModelEntry[]; presetStyle: string }): JSX.Element {
  return (
    <section aria-labelledby="apply-heading" class="rounded-2xl border border-white/10 bg-white/[0.02] p-5" x-data="applyStyleForm">
      <h2 id="apply-heading" class="mb-1 text-lg font-semibold">Restyle a photo</h2>
      <p class="mb-4 text-sm text-neutral-400">Upload a photo, pick a style from the gallery, and get it back in that style. Private to you.</p>
      <form method="post" action="/apply-style" class="space-y-4" x-on:submit="submit">
        <div>
          <label for="photo" class="mb-1 block text-sm text-neutral-400">
            Photo (JPEG, PNG or WebP)
          </label>
          <input id="photo" type="file" accept="image/jpeg,image/png,image/webp" required x-on:change="choose" class="block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-white/10 file:px-3 file:py-2 file:text-neutral-100" />
          <input type="hidden" name="upload_id" x-bind:value="uploadId" />
          <img x-show="preview" x-bind:src="preview" alt="Your photo" class="mt-3 max-h-48 rounded-lg" x-cloak />
        </div>
        <div>
          <label for="apply-style" class="mb-1 block text-sm text-neutral-400">
            Style phrase
          </label>
          <input id="apply-style" name="style_phrase" list="style-options" required maxlength="120" value={presetStyle} class="w-full rounded-lg border border-white/15 bg-white/5 px-3 py-2" />
        </div>
        <ModelChoices models={models} name="model_keys" group="apply" />
        <div>
          <label for="strength" class="mb-1 block text-sm text-neutral-400">
            Strength: how far the result may depart from your photo
          </label>
          <input id="strength" name="strength" type="range" min="0.1" max="1" step="0.05" value="0.6" class="w-full accent-amber-300" />
        </div>
        <p class="text-sm text-rose-300" x-show="error" x-text="error" x-cloak role="alert"></p>
        <button type="submit" class="w-full rounded-lg bg-amber-300 px-4 py-2.5 font-medium text-neutral-950 hover:bg-amber-200 disabled:opacity-50" x-bind:disabled="busy" data-cost-label="apply">
          Apply style
        </button>
      </form>
    </section>
  );
}

function MatrixRunSection({ models, presetStyle, presetPrompt }: { models: ModelEntry[]; presetStyle: string; presetPrompt: string }): JSX.Element {
  return (
    <section aria-labelledby="matrix-heading" class="rounded-2xl border border-white/10 bg-white/[0.02] p-5">
      <h2 id="matrix-heading" class="mb-1 text-lg font-semibold">Run a style matrix</h2>
      <p class="mb-4 text-sm text-neutral-400">
        Every base prompt in every style on every model: up to {MATRIX_LIMITS.prompts} prompts, {MATRIX_LIMITS.styles} styles and {MATRIX_LIMITS.cells} renders.
      </p>
      <form method="post" action="/matrix" class="space-y-4" data-matrix-form>
        <div>
          <label for="base-prompts" class="mb-1 block text-sm text-neutral-400">
            Base prompts (one per line)
          </label>
          <textarea id="base-prompts" name="base_prompts" rows="3" required class="w-full rounded-lg border border-white/15 bg-white/5 px-3 py-2">
            {escapeHtml(presetPrompt || "a red fox in a snowy forest")}
          </textarea>
        </div>
        <div>
          <label for="style-phrases" class="mb-1 block text-sm text-neutral-400">
            Style phrases (one per line)
          </label>
          <textarea id="style-phrases" name="style_phrases" rows="3" required class="w-full rounded-lg border border-white/15 bg-white/5 px-3 py-2">
            {escapeHtml(presetStyle || "oil painting")}
          </textarea>
        </div>
        <ModelChoices models={models} name="model_keys" group="matrix" />
        <label class="flex items-center gap-2 text-sm text-neutral-300">
          <input type="checkbox" name="visibility" value="private" class="accent-amber-300" /> Keep the results private
        </label>
        <button type="submit" class="w-full rounded-lg bg-amber-300 px-4 py-2.5 font-medium text-neutral-950 hover:bg-amber-200" data-cost-label="matrix">
          Start the run
        </button>
      </form>
    </section>
  );
}

function groupSummary(group: HistoryGroup): string {
  const parts = [`${group.cells} ${group.cells === 1 ? "image" : "images"}`];
  if (group.done) parts.push(`${group.done} done`);
  if (group.cancelled) parts.push(`${group.cancelled} cancelled · refunded`);
  if (group.failed) parts.push(`${group.failed} failed`);
  const waiting = group.cells - group.done - group.cancelled - group.failed;
  if (waiting) parts.push(`${waiting} in progress`);
  parts.push(`${group.cost} credits`);
  return parts.join(" · ");
}

function HistoryGroupCard({ group }: { group: HistoryGroup }): JSX.Element {
  const first = group.entries[0];
  const href = group.runId ? `/studio/runs/${group.runId}` : first ? `/r/${first.id}` : "/studio";
  const title = group.runId ? `Matrix run ${group.runId.slice(0, 8)}` : first ? `${first.stylePhrase} · ${modelLabel(first.modelKey)}` : "Render";
  return (
    <li class="rounded-xl border border-white/10 p-4" data-history-group={group.runId ?? first?.id}>
      <a href={href} class="font-medium hover:underline" safe>
        {title}
      </a>
      <p class="mt-1 text-sm text-neutral-300" safe>
        {`${new Date(group.createdAt).toISOString().slice(0, 10)} · ${groupSummary(group)}`}
      </p>
      <ul class="mt-3 flex flex-wrap gap-2">
        {group.entries.map((entry) => (
          <li>
            {entry.thumbPath ? (
              <img src={entry.thumbPath} alt={`${entry.basePrompt}, ${entry.stylePhrase}`} width="56" height="56" class="size-14 rounded object-cover" />
            ) : (
              <span class="grid size-14 place-items-center rounded bg-white/5 text-center text-[10px] leading-tight text-neutral-300">
                {entry.error === CANCELLED_ERROR ? "Cancelled" : entry.status === "failed" ? "Failed" : "…"}
              </span>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

function HistorySection({ history }: { history: StudioPageData["history"] }): JSX.Element {
  return (
    <section aria-labelledby="history-heading" class="mt-12" id="my-renders">
      <h2 id="history-heading" class="mb-4 text-lg font-semibold">My renders</h2>
      {history.groups.length === 0 ? (
        <p class="text-neutral-400">{history.page > 1 ? "No older renders." : "Nothing yet: restyle a photo or start a run above."}</p>
      ) : (
        <ul class="grid gap-3 sm:grid-cols-2">
          {history.groups.map((group) => (
            <HistoryGroupCard group={group} />
          ))}
        </ul>
      )}
      <nav aria-label="My renders pages" class="mt-4 flex gap-3 text-sm">
        {history.page > 1 ? (
          <a href={`/studio?history_page=${history.page - 1}#my-renders`} class="rounded-lg border border-white/15 px-3 py-1.5 hover:bg-white/5" rel="prev">
            Newer
          </a>
        ) : (
          ""
        )}
        {history.hasOlder ? (
          <a href={`/studio?history_page=${history.page + 1}#my-renders`} class="rounded-lg border border-white/15 px-3 py-1.5 hover:bg-white/5" rel="next">
            Older
          </a>
        ) : (
          ""
        )}
      </nav>
    </section>
  );
}

export function renderStudioPage(data: StudioPageData): string {
  return htmlPage(
    <Layout title="Studio" path="/studio">
      <StudioHeader email={data.email} credits={data.account.credits} />
      <StyleOptions styles={data.styles} />
      <div class="grid gap-8 lg:grid-cols-2">
        <RestyleSection models={data.imageModels} presetStyle={data.presetStyle} />
        <MatrixRunSection models={data.textModels} presetStyle={data.presetStyle} presetPrompt={data.presetPrompt} />
      </div>
      <HistorySection history={data.history} />
    </Layout>,
  );
}

export function renderMatrixRunPage(data: { run: MatrixRun; renders: RenderJson[]; deliveries?: DeliveryListing[] }): string {
  const { run } = data;
  const prompts = [...new Set(data.renders.map((render) => render.base_prompt))];
  const styles = [...new Set(data.renders.map((render) => render.style_phrase))];
  const models = [...new Set(data.renders.map((render) => render.model_key))];
  const cell = new Map(data.renders.map((render) => [`${render.base_prompt}\u0000${render.style_phrase}\u0000${render.model_key}`, render]));
  const settled = run.doneCells + run.failedCells;
  const active = run.status !== "cancelled" && settled < run.totalCells;
  const cancelledCells = data.renders.filter(wasCancelled).length;
  const statusText = run.status === "cancelled" ? `cancelled: ${cancelledCells} ${cancelledCells === 1 ? "cell" : "cells"} refunded` : run.status;
  const pending = data.renders.filter((render) => render.status === "pending").length;
  return htmlPage(
    <Layout title="Matrix run" path={`/studio/runs/${run.id}`}>
      <div class="mb-6 flex flex-wrap items-end justify-between gap-4" data-run-progress={run.id} data-total={String(run.totalCells)}>
        <div>
          <p class="text-sm text-neutral-400">
            <a href="/studio" class="hover:text-neutral-300">
              Studio
            </a>{" "}
            / Matrix run
          </p>
          <h1 class="text-2xl font-semibold tracking-tight">
            {prompts.length} prompts × {styles.length} styles × {models.length} models
          </h1>
          <p class="mt-1 text-neutral-400">
            <span data-progress-text>
              {settled} of {run.totalCells} finished
            </span>{" "}
            · {run.costCredits} credits · <span>{run.visibility}</span> ·{" "}
            <span data-run-status safe>
              {statusText}
            </span>
          </p>
        </div>
        {active ? (
          <form
            method="post"
            action={`/matrix/${run.id}/cancel`}
            data-cancel-run
            data-confirm={`Cancel this run? The ${pending} ${pending === 1 ? "cell" : "cells"} not yet started will not be drawn, and their credits go back to your balance. Cells already drawing finish.`}
          >
            <button type="submit" class="rounded-lg border border-rose-400/40 px-4 py-2 text-sm text-rose-200 hover:bg-rose-400/10">
              Cancel what hasn’t started (refund)
            </button>
          </form>
        ) : (
          ""
        )}
      </div>
      <div class="mb-8 h-2 overflow-hidden rounded-full bg-white/10" role="progressbar" aria-label="Run progress" aria-valuemin="0" aria-valuemax={String(run.totalCells)} aria-valuenow={String(settled)}>
        <div class="h-full rounded-full bg-amber-300 transition-all" data-progress-bar data-value={String(settled)}></div>
      </div>
      {styles.map((style) => (
        <section class="mb-10">
          <h2 class="mb-3 text-lg font-semibold" safe>
            {style}
          </h2>
          <MatrixTable
            caption={`Run results in the style ${style}: rows are base prompts, columns are models`}
            prompts={prompts}
            models={models}
            cell={(prompt, model) => cell.get(`${prompt}\u0000${style}\u0000${model}`)}
          />
        </section>
      ))}
      <WebhookDeliveries deliveries={data.deliveries ?? []} />
    </Layout>,
  );
}

function RestyleResultCard({ result }: { result: RestyleResult }): JSX.Element {
  const { render } = result;
  const settled = render.status === "done" || render.status === "failed";
  return (
    <li class="flex flex-col gap-3 rounded-2xl border border-white/10 bg-white/[0.02] p-3" data-restyle-result={render.id} data-pending={settled ? undefined : ""}>
      <div class="flex items-baseline justify-between gap-3 px-1">
        <h2 class="font-semibold" safe>
          {modelLabel(render.model_key)}
        </h2>
        <a href={`/r/${render.id}`} class="text-sm text-amber-200 hover:underline" aria-label={`Open the ${modelLabel(render.model_key)} result`}>
          Open
        </a>
      </div>
      {render.status === "done" && render.image_path ? (
        <div class="overflow-hidden rounded-xl bg-neutral-900">
          <BeforeAfter
            images={{
              before: { src: `/uploads/${result.uploadId}`, alt: "Your photo, before", label: "Before" },
              after: { src: render.image_path, alt: `After: your photo in ${render.style_phrase} by ${modelLabel(render.model_key)}`, label: "After" },
            }}
          />
        </div>
      ) : (
        <div class="grid aspect-square place-items-center rounded-xl border border-dashed border-white/15 p-6 text-center text-neutral-300">
          {render.status === "failed" ? (
            <p safe>{render.error ?? "This one failed; its credits went back to your balance."}</p>
          ) : (
            <p class="flex items-center gap-3">
              <span class="size-2.5 animate-pulse rounded-full bg-amber-300" aria-hidden="true"></span>
              <span data-status-text>{render.status === "running" ? "Rendering…" : "Queued…"}</span>
            </p>
          )}
        </div>
      )}
    </li>
  );
}

/** A photo restyled on several models: every result side by side, each with its own before/after slider. */
export function renderRestyleResultsPage(data: { results: RestyleResult[] }): string {
  const { results } = data;
  const style = results[0]!.render.style_phrase;
  const done = results.filter((result) => result.render.status === "done").length;
  return htmlPage(
    <Layout title={`Your photo in ${style}`} path="/studio/restyles">
      <div class="mb-6">
        <p class="text-sm text-neutral-400">
          <a href="/studio" class="hover:text-neutral-300">
            Studio
          </a>{" "}
          / Restyle
        </p>
        <h1 class="text-2xl font-semibold tracking-tight" safe>
          {`Your photo in ${style}`}
        </h1>
        <p class="mt-1 text-neutral-400" data-restyle-summary safe>
          {`${results.length} models · ${done} of ${results.length} finished`}
        </p>
      </div>
      <ul class="grid gap-6 sm:grid-cols-2 xl:grid-cols-3" data-restyle-grid>
        {results.map((result) => (
          <RestyleResultCard result={result} />
        ))}
      </ul>
    </Layout>,
  );
}
