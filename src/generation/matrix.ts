// Matrix runs: (base prompts × style phrases × models) become one matrix_runs row and one pending render per cell.
import type { Database } from "bun:sqlite";
import { immediate } from "../db/client";
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
  cost: number;
}

export function effectivePrompt(basePrompt: string, stylePhrase: string): string {
  return `${basePrompt}, ${stylePhrase}`;
}

/**
 * Plans a run inside the caller's transaction when there is one, else in its own BEGIN IMMEDIATE, so
 * the existence checks and inserts cannot interleave with another planner. Returns null when every
 * cell already exists.
 */
export function planMatrixRun(sqlite: Database, request: MatrixRequest): PlannedMatrixRun | null {
  const plan = () => {
    const exists = sqlite.query(
      `SELECT 1 FROM renders WHERE base_prompt = ? AND style_slug = ? AND model_key = ?
         AND visibility = 'public' AND status != 'failed' LIMIT 1`,
    );
    const baselineExists = sqlite.query(
      `SELECT 1 FROM renders WHERE base_prompt = ? AND style_slug = '${BASELINE_STYLE_SLUG}' AND model_key = ? AND status != 'failed' LIMIT 1`,
    );
    const cells: { basePrompt: string; phrase: string; slug: string; modelKey: string }[] = [];
    for (const basePrompt of request.basePrompts) {
      for (const rawPhrase of request.stylePhrases) {
        const phrase = normaliseStylePhrase(rawPhrase);
        const slug = slugifyStyle(phrase);
        for (const modelKey of request.modelKeys) {
          if (request.skipExisting && exists.get(basePrompt, slug, modelKey)) continue;
          cells.push({ basePrompt, phrase, slug, modelKey });
        }
      }
      for (const modelKey of request.baselines ? request.modelKeys : []) {
        if (!baselineExists.get(basePrompt, modelKey)) cells.push({ basePrompt, phrase: "", slug: BASELINE_STYLE_SLUG, modelKey });
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
    sqlite
      .query(
        `INSERT INTO matrix_runs (id, user_id, base_prompts, style_phrases, model_keys, total_cells, cost_credits, visibility)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        request.userId ?? null,
        JSON.stringify([...new Set(cells.map((c) => c.basePrompt))]),
        JSON.stringify([...new Set(cells.filter((c) => c.slug !== BASELINE_STYLE_SLUG).map((c) => c.phrase))]),
        JSON.stringify([...new Set(cells.map((c) => c.modelKey))]),
        cells.length,
        cost,
        visibility,
      );
    const insert = sqlite.query(
      `INSERT INTO renders (id, user_id, matrix_run_id, style_phrase, style_slug, model_key, base_prompt, effective_prompt,
         status, visibility, cost_credits)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    const renderIds = cells.map((cell) => {
      const id = crypto.randomUUID();
      if (cell.slug === BASELINE_STYLE_SLUG) {
        // Nobody's and private: the gallery's own measurement, never shown and never billed.
        insert.run(id, null, runId, "", BASELINE_STYLE_SLUG, cell.modelKey, cell.basePrompt, cell.basePrompt, "private", 0);
      } else {
        insert.run(id, request.userId ?? null, runId, cell.phrase, cell.slug, cell.modelKey, cell.basePrompt, effectivePrompt(cell.basePrompt, cell.phrase), visibility, costOf(cell.modelKey));
      }
      return id;
    });
    return { runId, renderIds, cost };
  };
  return sqlite.inTransaction ? plan() : immediate(sqlite, plan);
}

export interface MatrixProgress {
  total: number;
  done: number;
  failed: number;
  status: string;
}

export function matrixProgress(sqlite: Database, runId: string): MatrixProgress | null {
  return sqlite
    .query("SELECT total_cells AS total, done_cells AS done, failed_cells AS failed, status FROM matrix_runs WHERE id = ?")
    .get(runId) as MatrixProgress | null;
}
