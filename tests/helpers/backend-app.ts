// The real app on a forEachBackend database (bun:sqlite or PostgreSQL), and renders inserted the way the gallery
// stores them, through the data handle, so one suite runs on both.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import type { Data } from "../../src/db/data";
import { normaliseStylePhrase, slugifyStyle } from "../../src/domain/style-phrase";
import type { RenderFixture } from "./test-app";

export function appOn(data: Data, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "gallery-backend-"));
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, ...env });
  const app = createApp({ config, data });
  return {
    app,
    config,
    data,
    request: (path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init)),
    json: (path: string) => app.handle(new Request(`http://localhost${path}`, { headers: { accept: "application/json" } })),
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export type BackendApp = ReturnType<typeof appOn>;

/** As tests/helpers/test-app.ts insertRender, through the data handle. */
export async function addRender(data: Data, fixture: RenderFixture = {}): Promise<string> {
  const id = fixture.id ?? crypto.randomUUID();
  const phrase = normaliseStylePhrase(fixture.stylePhrase ?? "oil painting");
  const basePrompt = fixture.basePrompt ?? "a red fox";
  const status = fixture.status ?? "done";
  const done = status === "done";
  await data.db.insert(data.tables.renders).values({
    id,
    stylePhrase: phrase,
    styleSlug: slugifyStyle(phrase),
    modelKey: fixture.modelKey ?? "local:paint",
    basePrompt,
    effectivePrompt: `${basePrompt}, ${phrase}`,
    status,
    visibility: fixture.visibility ?? "public",
    nsfw: fixture.nsfw ?? false,
    imagePath: done ? `/images/2026/11/${id}.webp` : null,
    thumbPath: done ? `/images/2026/11/${id}_t.webp` : null,
    thumb2xPath: done ? `/images/2026/11/${id}_t2.webp` : null,
    fullKey: done ? `images/2026/11/${id}_full.webp` : null,
    width: done ? 1024 : null,
    height: done ? 1024 : null,
    thumbhash: done ? "1QcSHQRnh493V4dIh4eXh1h4kJUI" : null,
    curatedRank: fixture.curatedRank ?? null,
    completedAt: done ? Date.now() : null,
    userId: fixture.userId ?? null,
  });
  return id;
}
