// Renders the default catalogue: plans the missing cells, then draws each pending one with the local provider.
import type { Database } from "bun:sqlite";
import type { Config } from "../config";
import { DEFAULT_BASE_PROMPTS, DEFAULT_MODEL_KEYS, DEFAULT_STYLE_PHRASES } from "./catalogue";
import { postprocessImage } from "./postprocess";
import { drawLocalImage } from "./providers/local";
import { markRenderDone, markRenderFailed } from "./render-store";
import { matrixCells, planCatalogueRenders } from "./render-plan";

export interface SeedProgress {
  done: number;
  failed: number;
  total: number;
}

interface PendingRender {
  id: string;
  base_prompt: string;
  style_phrase: string;
  model_key: string;
}

/** Renders at once: sharp spreads each image over libvips threads, so two keep both cores busy. */
const CONCURRENCY = 2;

export async function seedCatalogue(
  sqlite: Database,
  config: Config,
  onProgress: (progress: SeedProgress) => void = () => {},
): Promise<{ planned: number } & SeedProgress> {
  const planned = planCatalogueRenders(sqlite, matrixCells(DEFAULT_BASE_PROMPTS, DEFAULT_STYLE_PHRASES, DEFAULT_MODEL_KEYS));
  const pending = sqlite
    .query(
      `SELECT id, base_prompt, style_phrase, model_key FROM renders
       WHERE status = 'pending' AND user_id IS NULL AND model_key LIKE 'local:%' ORDER BY seq`,
    )
    .all() as PendingRender[];
  const progress: SeedProgress = { done: 0, failed: 0, total: pending.length };
  onProgress(progress);
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const render = pending[next++]!;
      try {
        const png = await drawLocalImage({ basePrompt: render.base_prompt, stylePhrase: render.style_phrase, modelKey: render.model_key });
        const image = await postprocessImage(png, { imagesDir: config.imagesDir, id: render.id });
        markRenderDone(sqlite, render.id, image, { provider: "local", model: render.model_key });
        progress.done++;
      } catch (error) {
        markRenderFailed(sqlite, render.id, error instanceof Error ? error.message : String(error));
        progress.failed++;
      }
      onProgress(progress);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { planned, ...progress };
}
