// Turns (base prompt, style phrase, model) cells into pending render rows, skipping cells already planned.
import type { Database } from "bun:sqlite";
import { immediate } from "../db/client";
import { normaliseStylePhrase, slugifyStyle } from "../features/gallery/slug";

export interface RenderCell {
  basePrompt: string;
  stylePhrase: string;
  modelKey: string;
}

export function effectivePrompt(basePrompt: string, stylePhrase: string): string {
  return `${basePrompt}, ${stylePhrase}`;
}

export function matrixCells(basePrompts: readonly string[], stylePhrases: readonly string[], modelKeys: readonly string[]): RenderCell[] {
  return basePrompts.flatMap((basePrompt) =>
    stylePhrases.flatMap((stylePhrase) => modelKeys.map((modelKey) => ({ basePrompt, stylePhrase, modelKey }))),
  );
}

/**
 * Inserts a pending, public, unowned render for every catalogue cell that has none yet, in one
 * BEGIN IMMEDIATE transaction, so running it twice (or twice at once) never plans a cell twice.
 */
export function planCatalogueRenders(sqlite: Database, cells: readonly RenderCell[]): number {
  const exists = sqlite.query(
    `SELECT 1 FROM renders WHERE base_prompt = ? AND style_slug = ? AND model_key = ? AND user_id IS NULL AND upload_id IS NULL LIMIT 1`,
  );
  const insert = sqlite.query(
    `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status, visibility)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 'public')`,
  );
  return immediate(sqlite, () => {
    let added = 0;
    for (const cell of cells) {
      const phrase = normaliseStylePhrase(cell.stylePhrase);
      const slug = slugifyStyle(phrase);
      if (exists.get(cell.basePrompt, slug, cell.modelKey)) continue;
      insert.run(crypto.randomUUID(), phrase, slug, cell.modelKey, cell.basePrompt, effectivePrompt(cell.basePrompt, phrase));
      added++;
    }
    return added;
  });
}
