// Matrix runs: (base prompts × style phrases × models) become one matrix_runs row and one pending render per cell.
import { transaction, type Data, type Tables, type Tx } from "../db/data";
import { insertMatrixRun } from "../db/matrix-runs";
import { baselineCellExists, insertPendingRenders, publicCellExists, type NewRender, type Step } from "../db/renders";
import { BASELINE_STYLE_SLUG, normaliseStylePhrase, slugifyStyle } from "../domain/style-phrase";

export interface MatrixRequest {
  userId?: number | null;
  basePrompts: readonly string[];
  stylePhrases: readonly string[];
  modelKeys: readonly string[];
  visibility?: "public" | "private";
  /** Credits each model costs per cell (paid runs); 0 for operator runs and the catalogue. */
  costOf?: (modelKey: string) => number;
  /** Leave out cells the gallery already has (public, not failed): makes the catalogue idempotent. */
  skipExisting?: boolean;
  /** Cells are queued by ascending value (the queue claims in insertion order); the request's order otherwise. */
  paintingOrder?: (cell: MatrixCell) => number;
  /** Also queue each prompt × model with no style phrase (a baseline, see BASELINE_STYLE_SLUG) unless it has one. */
  baselines?: boolean;
}

export interface MatrixCell {
  basePrompt: string;
  /** Empty for a baseline. */
  phrase: string;
  modelKey: string;
}

export interface PlannedMatrixRun {
  runId: string;
  renderIds: string[];
  /** The queued renders in planned order (as renderIds), with their models. */
  renders: Pick<NewRender, "id" | "modelKey">[];
  cost: number;
}

export function effectivePrompt(basePrompt: string, stylePhrase: string): string {
  return `${basePrompt}, ${stylePhrase}`;
}

/** Plans a run in its own transaction (see planMatrixRunStep). */
export function planMatrixRun(data: Data, request: MatrixRequest): Promise<PlannedMatrixRun | null> {
  return transaction(data, (tx) => planMatrixRunStep(tx, data.tables, request));
}

/**
 * Plans a run as a step of the caller's transaction (one that also pays for it, say), so the existence checks
 * and inserts cannot interleave with another planner. Returns null when every cell already exists.
 */
export function* planMatrixRunStep(tx: Tx, tables: Tables, request: MatrixRequest): Step<PlannedMatrixRun | null> {
  const cells: { basePrompt: string; phrase: string; slug: string; modelKey: string }[] = [];
  for (const basePrompt of request.basePrompts) {
    for (const rawPhrase of request.stylePhrases) {
      const phrase = normaliseStylePhrase(rawPhrase);
      const slug = slugifyStyle(phrase);
      for (const modelKey of request.modelKeys) {
        if (request.skipExisting && (yield* publicCellExists(tx, tables, { basePrompt, styleSlug: slug, modelKey }))) continue;
        cells.push({ basePrompt, phrase, slug, modelKey });
      }
    }
    for (const modelKey of request.baselines ? request.modelKeys : []) {
      if (!(yield* baselineCellExists(tx, tables, basePrompt, modelKey))) cells.push({ basePrompt, phrase: "", slug: BASELINE_STYLE_SLUG, modelKey });
    }
  }
  if (cells.length === 0) return null;
  if (request.paintingOrder) {
    const order = request.paintingOrder;
    cells.sort((a, b) => order(a) - order(b));
  }
  const runId = crypto.randomUUID();
  const costOf = request.costOf ?? (() => 0);
  const cost = cells.reduce((sum, cell) => sum + (cell.slug === BASELINE_STYLE_SLUG ? 0 : costOf(cell.modelKey)), 0);
  const visibility = request.visibility ?? "public";
  const userId = request.userId ?? null;
  yield* insertMatrixRun(tx, tables, {
    id: runId,
    userId,
    basePrompts: [...new Set(cells.map((c) => c.basePrompt))],
    stylePhrases: [...new Set(cells.filter((c) => c.slug !== BASELINE_STYLE_SLUG).map((c) => c.phrase))],
    modelKeys: [...new Set(cells.map((c) => c.modelKey))],
    totalCells: cells.length,
    costCredits: cost,
    visibility,
  });
  const rows = cells.map((cell) => {
    const common = { id: crypto.randomUUID(), matrixRunId: runId, styleSlug: cell.slug, modelKey: cell.modelKey, basePrompt: cell.basePrompt };
    // A baseline is nobody's and private: the gallery's own measurement, never shown and never billed.
    if (cell.slug === BASELINE_STYLE_SLUG) {
      return { ...common, userId: null, stylePhrase: "", effectivePrompt: cell.basePrompt, visibility: "private" as const, costCredits: 0 };
    }
    const effective = effectivePrompt(cell.basePrompt, cell.phrase);
    return { ...common, userId, stylePhrase: cell.phrase, effectivePrompt: effective, visibility, costCredits: costOf(cell.modelKey) };
  });
  yield* insertPendingRenders(tx, tables, rows);
  return { runId, renderIds: rows.map((row) => row.id), renders: rows.map(({ id, modelKey }) => ({ id, modelKey })), cost };
}
