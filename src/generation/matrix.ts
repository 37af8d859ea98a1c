// Matrix runs: (base prompts × style phrases × models) become one matrix_runs row and one pending render per cell.
import type { Database } from "bun:sqlite";
import { immediate } from "../db/client";
import { insertMatrixRun } from "../db/matrix-runs";
import { and, eq, ne } from "drizzle-orm";
import { run, type Tables, type Tx } from "../db/data";
import { baselineCellExists, insertPendingRenders, publicCellExists, type NewRender } from "../db/renders";
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

interface PlannedCell {
  basePrompt: string;
  phrase: string;
  slug: string;
  modelKey: string;
}

/** The cells of a request, before any is left out as existing. */
function* requestedCells(request: MatrixRequest): Generator<PlannedCell & { baseline: boolean }> {
  for (const basePrompt of request.basePrompts) {
    for (const rawPhrase of request.stylePhrases) {
      const phrase = normaliseStylePhrase(rawPhrase);
      const slug = slugifyStyle(phrase);
      for (const modelKey of request.modelKeys) yield { basePrompt, phrase, slug, modelKey, baseline: false };
    }
    for (const modelKey of request.baselines ? request.modelKeys : []) yield { basePrompt, phrase: "", slug: BASELINE_STYLE_SLUG, modelKey, baseline: true };
  }
}

/** The matrix_runs row and the pending renders that queue `cells` (already left to those that do not exist). */
function runRows(request: MatrixRequest, cells: PlannedCell[]) {
  if (request.paintingOrder) {
    const order = request.paintingOrder;
    cells.sort((a, b) => order(a) - order(b));
  }
  const runId = crypto.randomUUID();
  const costOf = request.costOf ?? (() => 0);
  const cost = cells.reduce((sum, cell) => sum + (cell.slug === BASELINE_STYLE_SLUG ? 0 : costOf(cell.modelKey)), 0);
  const visibility = request.visibility ?? "public";
  const userId = request.userId ?? null;
  const run = {
    id: runId,
    userId,
    basePrompts: [...new Set(cells.map((c) => c.basePrompt))],
    stylePhrases: [...new Set(cells.filter((c) => c.slug !== BASELINE_STYLE_SLUG).map((c) => c.phrase))],
    modelKeys: [...new Set(cells.map((c) => c.modelKey))],
    totalCells: cells.length,
    costCredits: cost,
    visibility,
  };
  const renders = cells.map((cell) => {
    const common = { id: crypto.randomUUID(), matrixRunId: runId, styleSlug: cell.slug, modelKey: cell.modelKey, basePrompt: cell.basePrompt };
    // A baseline is nobody's and private: the gallery's own measurement, never shown and never billed.
    if (cell.slug === BASELINE_STYLE_SLUG) {
      return { ...common, userId: null, stylePhrase: "", effectivePrompt: cell.basePrompt, visibility: "private" as const, costCredits: 0 };
    }
    const effective = effectivePrompt(cell.basePrompt, cell.phrase);
    return { ...common, userId, stylePhrase: cell.phrase, effectivePrompt: effective, visibility, costCredits: costOf(cell.modelKey) };
  });
  const planned: PlannedMatrixRun = { runId, renderIds: renders.map((row) => row.id), renders: renders.map(({ id, modelKey }) => ({ id, modelKey })), cost };
  return { run, renders, planned };
}

/**
 * Plans a run inside the caller's transaction when there is one, else in its own BEGIN IMMEDIATE, so
 * the existence checks and inserts cannot interleave with another planner. Returns null when every
 * cell already exists.
 */
export function planMatrixRun(sqlite: Database, request: MatrixRequest): PlannedMatrixRun | null {
  const plan = () => {
    const cells: PlannedCell[] = [];
    for (const { baseline, ...cell } of requestedCells(request)) {
      if (baseline ? baselineCellExists(sqlite, cell.basePrompt, cell.modelKey) : request.skipExisting && publicCellExists(sqlite, { basePrompt: cell.basePrompt, styleSlug: cell.slug, modelKey: cell.modelKey })) continue;
      cells.push(cell);
    }
    if (cells.length === 0) return null;
    const { run, renders, planned } = runRows(request, cells);
    insertMatrixRun(sqlite, run);
    insertPendingRenders(sqlite, renders);
    return planned;
  };
  return sqlite.inTransaction ? plan() : immediate(sqlite, plan);
}

/**
 * planMatrixRun as a step of the caller's transaction body (`yield* planMatrixRunStep(tx, data.tables, …)`), on
 * either database: the existence checks and inserts commit with whatever else the body writes (a paid run's debit).
 */
export function* planMatrixRunStep(tx: Tx, tables: Tables, request: MatrixRequest) {
  const { renders: rendersTable } = tables;
  const cells: PlannedCell[] = [];
  for (const { baseline, ...cell } of requestedCells(request)) {
    if (baseline || request.skipExisting) {
      const existing = yield* run(
        tx
          .select({ seq: rendersTable.seq })
          .from(rendersTable)
          .where(
            and(
              eq(rendersTable.basePrompt, cell.basePrompt),
              eq(rendersTable.styleSlug, cell.slug),
              eq(rendersTable.modelKey, cell.modelKey),
              ne(rendersTable.status, "failed"),
              baseline ? undefined : eq(rendersTable.visibility, "public"),
            ),
          )
          .limit(1),
      );
      if (existing.length > 0) continue;
    }
    cells.push(cell);
  }
  if (cells.length === 0) return null;
  const { run: runRow, renders, planned } = runRows(request, cells);
  yield* run(tx.insert(tables.matrixRuns).values(runRow));
  yield* run(tx.insert(tables.renders).values(renders.map((row) => ({ ...row, status: "pending" as const }))));
  return planned;
}
