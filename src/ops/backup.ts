// Backups while the app runs: a consistent copy of the database (VACUUM INTO) plus the image files, with a
// manifest (key, size, sha256) that a restore checks before it writes anything into an empty data folder.
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { Config } from "../config";
import { isStorageKey } from "../storage";

export const MANIFEST = "manifest.json";
const DATABASE = "gallery.db";
const FILES = "files";

export interface ManifestFile {
  /** Path under DATA_DIR, with forward slashes ("images/…", "uploads/…"). */
  key: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  created_at: string;
  database: string;
  files: ManifestFile[];
}

type DataLocations = Pick<Config, "dataDir" | "dbPath" | "storage">;

/** Every stored object (renders, thumbnails, uploads) of the disk store, by key; the ImageStore has no list() yet. */
export function listStoredFiles(config: DataLocations): string[] {
  const root = config.storage.root;
  const keys: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith(".tmp")) {
        const key = relative(root, path).split(sep).join("/");
        if (isStorageKey(key)) keys.push(key);
      }
    }
  };
  walk(join(root, "images"));
  walk(join(root, "uploads"));
  return keys.sort();
}

function sha256Of(path: string): string {
  return new Bun.CryptoHasher("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * Writes the snapshot into `toDir` (created; must not hold a backup already). The database is copied first,
 * so every file a snapshotted render names was on disk before the copy of the files began; files added
 * later are extra, and one deleted meanwhile (an expired upload) is left out.
 */
export function backupData(config: DataLocations, toDir: string): Manifest {
  mkdirSync(toDir, { recursive: true });
  const target = join(toDir, DATABASE);
  if (existsSync(target)) throw new Error(`${toDir} already holds a backup`);
  const live = new Database(config.dbPath, { readonly: true });
  try {
    live.query("VACUUM INTO ?").run(target);
  } finally {
    live.close();
  }
  const files: ManifestFile[] = [];
  for (const key of listStoredFiles(config)) {
    const source = join(config.storage.root, key);
    const copy = join(toDir, FILES, key);
    mkdirSync(dirname(copy), { recursive: true });
    try {
      copyFileSync(source, copy);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    files.push({ key, size: statSync(copy).size, sha256: sha256Of(copy) });
  }
  const manifest: Manifest = { created_at: new Date().toISOString(), database: DATABASE, files };
  writeFileSync(join(toDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Copies a backup into an empty data folder after checking every file against the manifest; throws on any mismatch. */
export function restoreData(fromDir: string, config: DataLocations): Manifest {
  const manifest = JSON.parse(readFileSync(join(fromDir, MANIFEST), "utf8")) as Manifest;
  if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) throw new Error(`${config.dataDir} is not empty: restore only into an empty data folder`);
  for (const file of manifest.files) {
    if (!isStorageKey(file.key)) throw new Error(`manifest key ${file.key} is not a storage key`);
    const copy = join(fromDir, FILES, file.key);
    if (!existsSync(copy) || statSync(copy).size !== file.size || sha256Of(copy) !== file.sha256) throw new Error(`${file.key} in the backup does not match its manifest entry`);
  }
  mkdirSync(config.dataDir, { recursive: true });
  copyFileSync(join(fromDir, manifest.database), config.dbPath);
  for (const file of manifest.files) {
    const target = join(config.storage.root, file.key);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(fromDir, FILES, file.key), target);
  }
  return manifest;
}
