// Builds (or reuses) a gallery database of a given size through the app's real migrations and triggers, cached in bench/.work/.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { slugifyStyle } from "../src/domain/style-phrase";
import {
  arrivalOrder,
  basePrompts,
  type DatasetShape,
  MODEL_KEYS,
  renderCount,
  seededRandom,
  seededUuid,
  stylePhrases,
} from "./dataset-shape";

const PROJECT_ROOT = join(import.meta.dir, "..");
const DATABASES_DIR = join(import.meta.dir, ".work", "databases");
const ROWS_PER_TRANSACTION = 50_000;
const SEED = 20261125;
// Any valid thumbhash: the pages print it, nothing decodes it server-side.
const THUMBHASH = "1QcSHQRnh493V4dIh4eXh1h4kJUI";
const FIRST_CREATED_AT = Date.UTC(2026, 0, 1);

export interface SyntheticDatabase {
  shape: DatasetShape;
  renders: number;
  dataDir: string;
  dbPath: string;
  /** How long the build took, this run or when the cached copy was made (NaN if unrecorded). */
  buildSeconds: number;
  reused: boolean;
}

interface BuildRecord {
  buildSeconds: number;
  builtAt: string;
}

function readBuildRecord(dataDir: string): BuildRecord | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, "build.json"), "utf8")) as BuildRecord;
  } catch {
    return null;
  }
}

/** Changes whenever the migrations or this generator change, so a stale cached database is never reused. */
function buildFingerprint(): string {
  const hash = createHash("sha256");
  const migrationsDir = join(PROJECT_ROOT, "drizzle", "sqlite");
  for (const name of readdirSync(migrationsDir).filter((file) => file.endsWith(".sql")).sort()) {
    hash.update(name).update(readFileSync(join(migrationsDir, name)));
  }
  hash.update(readFileSync(join(migrationsDir, "meta", "_journal.json")));
  for (const file of ["synthetic-db.ts", "dataset-shape.ts"]) hash.update(readFileSync(join(import.meta.dir, file)));
  return hash.digest("hex").slice(0, 12);
}

function insertRenders(dbPath: string, shape: DatasetShape): void {
  const { sqlite, db } = openDatabase(dbPath);
  try {
    migrateDatabase(db);
    // Safe only because nothing else has the file open and it is reopened normally once built.
    sqlite.exec("PRAGMA journal_mode = OFF");
    sqlite.exec("PRAGMA synchronous = OFF");
    sqlite.exec("PRAGMA cache_size = -1000000");
    sqlite.exec("PRAGMA temp_store = MEMORY");

    const random = seededRandom(SEED);
    const phrases = stylePhrases(shape.styles, random);
    const slugs = phrases.map(slugifyStyle);
    const prompts = basePrompts(shape.prompts);
    const models = MODEL_KEYS.slice(0, shape.models);
    const order = arrivalOrder(shape, random);
    const insert = sqlite.prepare(
      `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status,
         image_path, thumb_path, width, height, thumbhash, created_at, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, 1024, 1024, ?, ?, ?)`,
    );
    const insertRows = sqlite.transaction((from: number, to: number) => {
      for (let position = from; position < to; position++) {
        const row = order[Math.floor(position / models.length)]!;
        const style = Math.floor(row / shape.prompts);
        const phrase = phrases[style]!;
        const prompt = prompts[row % shape.prompts]!;
        const id = seededUuid(random);
        // About one render a minute since New Year; each takes a few seconds to finish.
        const createdAt = FIRST_CREATED_AT + position * 60_000;
        insert.run(
          id,
          phrase,
          slugs[style]!,
          models[position % models.length]!,
          prompt,
          `${prompt}, ${phrase}`,
          `/images/2026/11/${id}.webp`,
          `/images/2026/11/${id}_t.webp`,
          THUMBHASH,
          createdAt,
          createdAt + 4_000 + (position % 7) * 1_000,
        );
      }
    });
    const total = renderCount(shape);
    for (let from = 0; from < total; from += ROWS_PER_TRANSACTION) {
      insertRows(from, Math.min(total, from + ROWS_PER_TRANSACTION));
    }
    insert.finalize();
    // The app opens the file in WAL mode; switching here keeps that one-off conversion out of boot timings.
    sqlite.exec("PRAGMA journal_mode = WAL");
  } finally {
    sqlite.close();
  }
}

function checkDatabase(dbPath: string, shape: DatasetShape): void {
  const { sqlite } = openDatabase(dbPath);
  try {
    const counts = sqlite
      .query(
        `SELECT (SELECT count(*) FROM renders WHERE gallery_seq IS NOT NULL) AS published,
                (SELECT count(*) FROM styles WHERE public_count > 0) AS styles,
                (SELECT count(*) FROM prompts WHERE public_count > 0) AS prompts`,
      )
      .get() as { published: number; styles: number; prompts: number };
    // The triggers fill both search catalogues, so subject search is measured on what the app would hold.
    if (counts.published !== renderCount(shape) || counts.styles !== shape.styles || counts.prompts !== shape.prompts) {
      throw new Error(`built ${shape.label} database is wrong: ${JSON.stringify(counts)}`);
    }
  } finally {
    sqlite.close();
  }
}

/** Returns the cached database for this shape, building it first when missing or stale. */
export function ensureSyntheticDatabase(shape: DatasetShape, options: { rebuild: boolean }): SyntheticDatabase {
  const name = `${shape.label}-${buildFingerprint()}`;
  const dataDir = join(DATABASES_DIR, name);
  const dbPath = join(dataDir, "gallery.db");
  const result = { shape, renders: renderCount(shape), dataDir, dbPath };
  if (existsSync(dbPath) && !options.rebuild) {
    return { ...result, buildSeconds: readBuildRecord(dataDir)?.buildSeconds ?? Number.NaN, reused: true };
  }

  mkdirSync(DATABASES_DIR, { recursive: true });
  // Older builds of this size would only fill the disk (the 1M file is several hundred MB).
  for (const entry of readdirSync(DATABASES_DIR)) {
    if (entry.startsWith(`${shape.label}-`)) rmSync(join(DATABASES_DIR, entry), { recursive: true, force: true });
  }
  // Built beside its final place and renamed at the end, so an interrupted build is never mistaken for a cached one.
  const buildingDir = `${dataDir}.building`;
  mkdirSync(buildingDir, { recursive: true });
  const started = performance.now();
  insertRenders(join(buildingDir, "gallery.db"), shape);
  const buildSeconds = (performance.now() - started) / 1000;
  checkDatabase(join(buildingDir, "gallery.db"), shape);
  const record: BuildRecord = { buildSeconds, builtAt: new Date().toISOString() };
  writeFileSync(join(buildingDir, "build.json"), `${JSON.stringify(record)}\n`);
  renameSync(buildingDir, dataDir);
  return { ...result, buildSeconds, reused: false };
}
