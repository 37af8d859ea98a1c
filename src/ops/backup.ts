// Backups while the app runs: a consistent copy of the database (VACUUM INTO) plus every stored image and upload,
// read through the image store (DATA_DIR or the S3 bucket alike), with a manifest (key, size, sha256) that a
// restore checks before it writes anything; a restore writes the files back through the configured store.
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Config } from "../config";
import { createImageStore, isStorageKey, StoredObjectNotFoundError, type ImageStore } from "../storage";

export const MANIFEST = "manifest.json";
const DATABASE = "gallery.db";
const FILES = "files";

export interface ManifestFile {
  /** The storage key ("images/…", "uploads/…"); the copy is files/<key> in the backup. */
  key: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  created_at: string;
  database: string;
  /** The store the files were read from ("disk …" or "s3://bucket/prefix at …"), for the operator. */
  store?: string;
  files: ManifestFile[];
}

type DataLocations = Pick<Config, "dataDir" | "dbPath" | "storage"> & Partial<Pick<Config, "database">>;

export const POSTGRES_BACKUP_REFUSED =
  "bun run backup/restore copy the SQLite database (VACUUM INTO) and the image store; DATABASE_URL names PostgreSQL, " +
  "whose data this cannot copy consistently. Back PostgreSQL up with its own tools (pg_dump, or your provider's snapshots) " +
  "and the image store with the bucket's replication or versioning.";

/** SQLite only for now: a PostgreSQL deployment is refused with what to use instead, before anything is written. */
function refusePostgres(config: DataLocations): void {
  if (config.database?.kind === "postgres") throw new Error(POSTGRES_BACKUP_REFUSED);
}

function sha256Of(path: string): string {
  return new Bun.CryptoHasher("sha256").update(readFileSync(path)).digest("hex");
}

/** Streams one stored object into `path` (memory stays at one chunk), or returns null if it was deleted meanwhile. */
async function copyOut(store: ImageStore, key: string, path: string): Promise<ManifestFile | null> {
  mkdirSync(dirname(path), { recursive: true });
  const sink = Bun.file(path).writer();
  const hasher = new Bun.CryptoHasher("sha256");
  let size = 0;
  const reader = store.readStream(key).getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      hasher.update(next.value);
      size += next.value.length;
      sink.write(next.value);
      await sink.flush();
    }
    await sink.end();
  } catch (error) {
    await Promise.resolve(sink.end()).catch(() => undefined);
    rmSync(path, { force: true });
    if (error instanceof StoredObjectNotFoundError) return null;
    throw error;
  }
  return { key, size, sha256: hasher.digest("hex") };
}

/**
 * Writes the snapshot into `toDir` (created; must not hold a backup already). The database is copied first,
 * so every file a snapshotted render names was stored before the copy of the files began; files added
 * later are extra, and one deleted meanwhile (an expired upload) is left out.
 */
export async function backupData(config: DataLocations, toDir: string): Promise<Manifest> {
  refusePostgres(config);
  mkdirSync(toDir, { recursive: true });
  const target = join(toDir, DATABASE);
  if (existsSync(target)) throw new Error(`${toDir} already holds a backup`);
  const live = new Database(config.dbPath, { readonly: true });
  try {
    live.query("VACUUM INTO ?").run(target);
  } finally {
    live.close();
  }
  const store = createImageStore(config.storage);
  const files: ManifestFile[] = [];
  for await (const { key } of store.list()) {
    const copied = await copyOut(store, key, join(toDir, FILES, key));
    if (copied) files.push(copied);
  }
  const manifest: Manifest = { created_at: new Date().toISOString(), database: DATABASE, store: store.description, files };
  writeFileSync(join(toDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Restores a backup into an empty DATA_DIR and an empty image store (the same bucket and prefix, or another),
 * after checking every file against the manifest; throws on any mismatch before writing anything.
 */
export async function restoreData(fromDir: string, config: DataLocations): Promise<Manifest> {
  refusePostgres(config);
  const manifest = JSON.parse(readFileSync(join(fromDir, MANIFEST), "utf8")) as Manifest;
  if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) throw new Error(`${config.dataDir} is not empty: restore only into an empty data folder`);
  const store = createImageStore(config.storage);
  if (config.storage.kind !== "disk") {
    for await (const { key } of store.list()) throw new Error(`${store.description} already holds ${key}: restore only into an empty store`);
  }
  for (const file of manifest.files) {
    if (!isStorageKey(file.key)) throw new Error(`manifest key ${file.key} is not a storage key`);
    const copy = join(fromDir, FILES, file.key);
    if (!existsSync(copy) || statSync(copy).size !== file.size || sha256Of(copy) !== file.sha256) throw new Error(`${file.key} in the backup does not match its manifest entry`);
  }
  mkdirSync(config.dataDir, { recursive: true });
  copyFileSync(join(fromDir, manifest.database), config.dbPath);
  for (const file of manifest.files) await store.write(file.key, readFileSync(join(fromDir, FILES, file.key)));
  return manifest;
}
