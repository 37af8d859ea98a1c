// Re-rendering: each current public cell (style × prompt × model) gets a new version rendered on the model's
// current version, as a new render linked to the one before; nothing is overwritten (see drizzle/sqlite/*_render_versions*).
import { transaction, type Data } from "../db/data";
import { insertMatrixRun } from "../db/matrix-runs";
import { insertPendingRenders, rerenderableCells } from "../db/renders";
import { normaliseStylePhrase, slugifyStyle } from "../domain/style-phrase";
import type { PlannedMatrixRun } from "./matrix";

export interface RerenderRequest {
  stylePhrases: readonly string[];
  modelKey: string;
  /** Only these base prompts of the styles; all of them when empty. */
  basePrompts?: readonly string[];
}

/**
 * Queues one new version of every current cell matched, as an operator matrix run (no credits). A cell whose
 * newer version is still queued or running is left alone, so running the command twice does not fork it.
 * Returns null when nothing matched.
 */
export function planRerender(data: Data, request: RerenderRequest): Promise<PlannedMatrixRun | null> {
  const { tables } = data;
  const slugs = [...new Set(request.stylePhrases.map((phrase) => slugifyStyle(normaliseStylePhrase(phrase))))];
  const prompts = new Set(request.basePrompts ?? []);
  return transaction(data, function* (tx) {
    const matched = [];
    for (const slug of slugs) matched.push(...(yield* rerenderableCells(tx, tables, slug, request.modelKey)));
    const cells = matched.filter((cell) => prompts.size === 0 || prompts.has(cell.basePrompt));
    if (cells.length === 0) return null;
    const runId = crypto.randomUUID();
    yield* insertMatrixRun(tx, tables, {
      id: runId,
      userId: null,
      basePrompts: [...new Set(cells.map((cell) => cell.basePrompt))],
      stylePhrases: [...new Set(cells.map((cell) => cell.stylePhrase))],
      modelKeys: [request.modelKey],
      totalCells: cells.length,
      costCredits: 0,
      visibility: "public",
    });
    const rows = cells.map((cell) => ({
      id: crypto.randomUUID(),
      matrixRunId: runId,
      stylePhrase: cell.stylePhrase,
      styleSlug: cell.styleSlug,
      modelKey: request.modelKey,
      basePrompt: cell.basePrompt,
      effectivePrompt: cell.effectivePrompt,
      visibility: "public" as const,
      costCredits: 0,
      version: cell.version + 1,
      previousVersionId: cell.id,
    }));
    yield* insertPendingRenders(tx, tables, rows);
    return { runId, renderIds: rows.map((row) => row.id), renders: rows.map(({ id, modelKey }) => ({ id, modelKey })), cost: 0 };
  });
}
