// Paid work: applying a style to an upload, matrix runs and their cancellation. Each debit and the renders it
// pays for are written in one transaction, so credits are never taken without work or doubled.
import { and, eq } from "drizzle-orm";
import { CANCELLED_ERROR } from "../../generation/queue";
import type { Config } from "../../config";
import { run, transaction, type Data } from "../../db/data";
import { HttpError } from "../../http/http-error";
import { effectivePrompt, planMatrixRunStep } from "../../generation/matrix";
import { checkModelRequest, type ModelHealth } from "../../generation/models/availability";
import type { Capability, ModelEntry } from "../../generation/models/model-entry";
import type { RenderQueue } from "../../generation/queue";
import { insertPendingRenders, userRenderGroupCells, userRenderGroups, type UserRender, type UserRenderGroup } from "../../db/renders";
import { debitStep } from "../billing/ledger";
import { normaliseStylePhrase, slugifyStyle } from "../../domain/style-phrase";
import type { UploadRow } from "./uploads";

export const MATRIX_LIMITS = { prompts: 10, styles: 10, models: 6, cells: 100 } as const;

export interface QueuedRender {
  id: string;
  status: "pending";
  model_key: string;
}

/** The model a request names, or a 400 saying why not (a retired model's answer names its replacement). */
export function requestedModel(config: Config, modelKey: string, capability: Capability, health?: ModelHealth): ModelEntry {
  const checked = checkModelRequest(config, modelKey, capability, health);
  if ("refusal" in checked) throw new HttpError(400, checked.refusal);
  return checked.model;
}

function checkPromptLength(model: ModelEntry, prompt: string): void {
  if (prompt.length > model.capabilities.max_prompt_length) {
    throw new HttpError(400, `${model.label} takes prompts of at most ${model.capabilities.max_prompt_length} characters; "${prompt.slice(0, 40)}…" has ${prompt.length}.`);
  }
}

function uniqueModels(modelKeys: readonly string[]): string[] {
  const unique = [...new Set(modelKeys)];
  if (unique.length === 0) throw new HttpError(400, "Choose at least one model.");
  if (unique.length > MATRIX_LIMITS.models) throw new HttpError(400, `Choose at most ${MATRIX_LIMITS.models} models.`);
  return unique;
}

export async function applyStyle(
  data: Data,
  config: Config,
  userId: number,
  request: { upload: UploadRow; stylePhrase: string; modelKeys: readonly string[]; strength: number },
  health?: ModelHealth,
): Promise<{ renders: QueuedRender[]; cost: number; credits: number }> {
  const phrase = normaliseStylePhrase(request.stylePhrase);
  if (!phrase) throw new HttpError(400, "style_phrase must not be empty.");
  const models = uniqueModels(request.modelKeys);
  const costs = models.map((key) => {
    const model = requestedModel(config, key, "image-to-image", health);
    checkPromptLength(model, effectivePrompt("your photo", phrase));
    return model.cost_credits;
  });
  const cost = costs.reduce((sum, each) => sum + each, 0);
  const { tables } = data;
  const { uploads } = tables;
  return transaction(data, function* (tx) {
    // The unused-upload sweep may have deleted it since the route looked it up.
    const [upload] = yield* run(tx.select({ id: uploads.id }).from(uploads).where(and(eq(uploads.id, request.upload.id), eq(uploads.userId, userId))));
    if (!upload) throw new HttpError(404, "Upload not found");
    const basePrompt = "your photo";
    const rows = models.map((modelKey, index) => ({
      id: crypto.randomUUID(),
      userId,
      uploadId: request.upload.id,
      stylePhrase: phrase,
      styleSlug: slugifyStyle(phrase),
      modelKey,
      basePrompt,
      effectivePrompt: effectivePrompt(basePrompt, phrase),
      inputImagePath: request.upload.path,
      strength: request.strength,
      visibility: "private" as const,
      costCredits: costs[index]!,
    }));
    yield* insertPendingRenders(tx, tables, rows);
    const renders = rows.map((row) => ({ id: row.id, status: "pending" as const, model_key: row.modelKey }));
    // Debited after the inserts but in the same transaction: a 402 rolls the renders back too.
    const credits = yield* debitStep(tx, tables, { userId, cost, reason: "apply_style", renderId: renders[0]!.id });
    return { renders, cost, credits };
  });
}

export async function startMatrixRun(
  data: Data,
  config: Config,
  userId: number,
  request: { basePrompts: readonly string[]; stylePhrases: readonly string[]; modelKeys: readonly string[]; visibility: "public" | "private" },
  health?: ModelHealth,
): Promise<{ matrix_run_id: string; renders: QueuedRender[]; cost: number; credits: number }> {
  const prompts = [...new Set(request.basePrompts.map((prompt) => prompt.replace(/\s+/g, " ").trim()).filter(Boolean))];
  const styles = [...new Set(request.stylePhrases.map(normaliseStylePhrase).filter(Boolean))];
  const models = uniqueModels(request.modelKeys);
  if (prompts.length === 0) throw new HttpError(400, "Give at least one base prompt.");
  if (styles.length === 0) throw new HttpError(400, "Give at least one style phrase.");
  if (prompts.length > MATRIX_LIMITS.prompts) throw new HttpError(400, `At most ${MATRIX_LIMITS.prompts} base prompts per run.`);
  if (styles.length > MATRIX_LIMITS.styles) throw new HttpError(400, `At most ${MATRIX_LIMITS.styles} style phrases per run.`);
  const cells = prompts.length * styles.length * models.length;
  if (cells > MATRIX_LIMITS.cells) throw new HttpError(400, `That is ${cells} renders; a run may have at most ${MATRIX_LIMITS.cells}.`);
  const costByModel = new Map(
    models.map((key) => {
      const model = requestedModel(config, key, "text-to-image", health);
      for (const prompt of prompts) for (const style of styles) checkPromptLength(model, effectivePrompt(prompt, style));
      return [key, model.cost_credits];
    }),
  );
  return transaction(data, function* (tx) {
    const planned = (yield* planMatrixRunStep(tx, data.tables, {
      userId,
      basePrompts: prompts,
      stylePhrases: styles,
      modelKeys: models,
      visibility: request.visibility,
      costOf: (key) => costByModel.get(key)!,
    }))!; // without skipExisting every requested cell is planned
    const credits = yield* debitStep(tx, data.tables, { userId, cost: planned.cost, reason: "matrix_run", matrixRunId: planned.runId });
    const renders = planned.renders.map((render) => ({ id: render.id, status: "pending" as const, model_key: render.modelKey }));
    return { matrix_run_id: planned.runId, renders, cost: planned.cost, credits };
  });
}

/**
 * Cancels the cells not yet started (refunded through the queue's settlement hook); cells already running
 * finish normally, and a run that has finished is left as it is (see RenderQueue.cancelRun).
 */
export async function cancelMatrixRun(queue: RenderQueue, userId: number, runId: string): Promise<{ cancelled: number; refunded: number }> {
  const result = await queue.cancelRun(runId, userId);
  if (!result) throw new HttpError(404, "Matrix run not found");
  return result;
}

export type HistoryEntry = UserRender;

/** One line of "My renders": a matrix run with its cells, or a render made on its own (a restyle). */
export type HistoryGroup = Omit<UserRenderGroup, "renderId"> & { entries: HistoryEntry[] };

export const HISTORY_GROUPS_PER_PAGE = 10;
const CELLS_SHOWN = 8;

/** Page `page` (from 1) of a user's renders grouped by run, newest first; `hasOlder` when another page follows. */
export async function groupedRenderHistory(data: Data, userId: number, page: number): Promise<{ groups: HistoryGroup[]; page: number; hasOlder: boolean }> {
  const rows = await userRenderGroups(data, userId, CANCELLED_ERROR, HISTORY_GROUPS_PER_PAGE + 1, (page - 1) * HISTORY_GROUPS_PER_PAGE);
  const groups = await Promise.all(
    rows.slice(0, HISTORY_GROUPS_PER_PAGE).map(async ({ renderId, ...group }) => ({
      ...group,
      entries: await userRenderGroupCells(data, userId, { runId: group.runId, renderId }, CELLS_SHOWN),
    })),
  );
  return { groups, page, hasOlder: rows.length > HISTORY_GROUPS_PER_PAGE };
}
