// Re-rendering: each current public cell (style × prompt × model) gets a new version rendered on the model's
// current version, as a new render linked to the one before; nothing is overwritten (see drizzle/sqlite/*_render_versions*).
import type { Database } from "bun:sqlite";
import { immediate } from "../db/client";
import { normaliseStylePhrase, slugifyStyle } from "../domain/style-phrase";
import type { PlannedMatrixRun } from "./matrix";

export interface RerenderRequest {
  stylePhrases: readonly string[];
  modelKey: string;
  /** Only these base prompts of the styles; all of them when empty. */
  basePrompts?: readonly string[];
}

interface CurrentCell {
  id: string;
  style_phrase: string;
  style_slug: string;
  base_prompt: string;
  effective_prompt: string;
  version: number;
}

/**
 * Queues one new version of every current cell matched, as an operator matrix run (no credits). A cell whose
 * newer version is still queued or running is left alone, so running the command twice does not fork it.
 * Returns null when nothing matched.
 */
export function planRerender(sqlite: Database, request: RerenderRequest): PlannedMatrixRun | null {
  const slugs = [...new Set(request.stylePhrases.map((phrase) => slugifyStyle(normaliseStylePhrase(phrase))))];
  const prompts = new Set(request.basePrompts ?? []);
  return immediate(sqlite, () => {
    const current = sqlite.query(
      `SELECT r.id, r.style_phrase, r.style_slug, r.base_prompt, r.effective_prompt, r.version FROM renders r
       WHERE r.style_slug = ? AND r.model_key = ? AND r.gallery_seq IS NOT NULL AND r.upload_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM renders n WHERE n.previous_version_id = r.id AND n.status IN ('pending', 'running'))
       ORDER BY r.base_prompt, r.gallery_seq`,
    );
    const cells = slugs
      .flatMap((slug) => current.all(slug, request.modelKey) as CurrentCell[])
      .filter((cell) => prompts.size === 0 || prompts.has(cell.base_prompt));
    if (cells.length === 0) return null;
    const runId = crypto.randomUUID();
    sqlite
      .query(
        `INSERT INTO matrix_runs (id, user_id, base_prompts, style_phrases, model_keys, total_cells, cost_credits, visibility)
         VALUES (?, NULL, ?, ?, ?, ?, 0, 'public')`,
      )
      .run(
        runId,
        JSON.stringify([...new Set(cells.map((cell) => cell.base_prompt))]),
        JSON.stringify([...new Set(cells.map((cell) => cell.style_phrase))]),
        JSON.stringify([request.modelKey]),
        cells.length,
      );
    const insert = sqlite.query(
      `INSERT INTO renders (id, matrix_run_id, style_phrase, style_slug, model_key, base_prompt, effective_prompt,
         status, visibility, cost_credits, version, previous_version_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 'public', 0, ?, ?)`,
    );
    const renderIds = cells.map((cell) => {
      const id = crypto.randomUUID();
      insert.run(id, runId, cell.style_phrase, cell.style_slug, request.modelKey, cell.base_prompt, cell.effective_prompt, cell.version + 1, cell.id);
      return id;
    });
    return { runId, renderIds, cost: 0 };
  });
}
