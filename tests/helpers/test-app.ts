// Builds the real app on a fresh SQLite file in a temp DATA_DIR, and inserts renders the way the gallery stores them.
import type { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { sqliteData } from "../../src/db/data";
import { galleryVersionSource } from "../../src/http/gallery-version-source";
import { loadConfig, type Config } from "../../src/config";
import { openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { listenWithEarlyCacheHits } from "../../src/http/early-cache-hits";
import { createResponseCache } from "../../src/http/response-cache";
import type { GenerationEngine } from "../../src/generation/engine";
import { normaliseStylePhrase, slugifyStyle } from "../../src/domain/style-phrase";

/** `withEngine` builds a generation engine over the same database for the app to wake (see createTestEngine). */
export function createTestApp(env: Record<string, string> = {}, withEngine?: (sqlite: Database, config: Config) => GenerationEngine) {
  const dataDir = mkdtempSync(join(tmpdir(), "gallery-test-"));
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir, ...env });
  const { sqlite, db } = openDatabase(config.dbPath);
  migrateDatabase(db);
  const data = sqliteData(sqlite);
  const cache = createResponseCache(galleryVersionSource(data), config);
  const app = createApp({ config, data, engine: withEngine?.(sqlite, config), cache });
  return {
    app,
    sqlite,
    db,
    config,
    dataDir,
    cache,
    /** Serves the app over real HTTP as production does (cached pages answered before routing); `app.stop()` ends it. */
    listen: (hostname = "127.0.0.1") => listenWithEarlyCacheHits(app, cache, config, { port: 0, hostname }),
    request: (path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init)),
    json: (path: string) => app.handle(new Request(`http://localhost${path}`, { headers: { accept: "application/json" } })),
    cleanup() {
      sqlite.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestApp = ReturnType<typeof createTestApp>;

export interface RenderFixture {
  id?: string;
  userId?: number;
  basePrompt?: string;
  stylePhrase?: string;
  modelKey?: string;
  status?: "pending" | "running" | "done" | "failed";
  visibility?: "public" | "private";
  nsfw?: boolean;
  curatedRank?: number | null;
}

/**
 * Inserts a render row as the generator would leave it (a done render has image paths under /images/2026/11/),
 * except that the original's size is not recorded, as for renders stored before it was.
 */
export function insertRender(sqlite: Database, fixture: RenderFixture = {}): string {
  const id = fixture.id ?? crypto.randomUUID();
  const phrase = normaliseStylePhrase(fixture.stylePhrase ?? "oil painting");
  const basePrompt = fixture.basePrompt ?? "a red fox";
  const status = fixture.status ?? "done";
  const done = status === "done";
  sqlite
    .query(
      `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status, visibility, nsfw,
         image_path, thumb_path, thumb_2x_path, full_key, width, height, thumbhash, curated_rank, completed_at, user_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      phrase,
      slugifyStyle(phrase),
      fixture.modelKey ?? "local:paint",
      basePrompt,
      `${basePrompt}, ${phrase}`,
      status,
      fixture.visibility ?? "public",
      fixture.nsfw ? 1 : 0,
      done ? `/images/2026/11/${id}.webp` : null,
      done ? `/images/2026/11/${id}_t.webp` : null,
      done ? `/images/2026/11/${id}_t2.webp` : null,
      done ? `images/2026/11/${id}_full.webp` : null,
      done ? 1024 : null,
      done ? 1024 : null,
      done ? "1QcSHQRnh493V4dIh4eXh1h4kJUI" : null,
      fixture.curatedRank ?? null,
      done ? Date.now() : null,
      fixture.userId ?? null,
    );
  return id;
}
