// The licensed library as a streamed ZIP: every public finished render at full resolution, a manifest.csv and
// a LICENSE. The set is fixed by a gallery snapshot, so the same URL always yields the same bytes (resumable).
import type { Database } from "bun:sqlite";
import { statSync } from "node:fs";
import { join } from "node:path";
import { downloadZip, predictLength } from "client-zip";
import type { Config } from "../../config";

const BATCH = 500;
const MANIFEST_HEADER = "id,base_prompt,style_phrase,model,created,file,licence\n";

interface LibraryRow {
  id: string;
  base_prompt: string;
  style_phrase: string;
  style_slug: string;
  model_key: string;
  image_path: string;
  completed_at: number | null;
  created_at: number;
  gallery_seq: number;
}

interface LibraryEntry {
  name: string;
  path: string;
  size: number;
  lastModified: Date;
  row: LibraryRow;
}

export function currentSnapshot(sqlite: Database): number {
  return (sqlite.query("SELECT last_gallery_seq AS n FROM gallery_state WHERE id = 1").get() as { n: number }).n;
}

/** The full-resolution original kept beside the web image (`<id>_full.webp`), or the web image when there is none. */
export function fullResolutionFile(config: Config, imagePath: string): string {
  const webPath = join(config.imagesDir, imagePath.replace(/^\/images\//, ""));
  const fullPath = webPath.replace(/\.webp$/, "_full.webp");
  return Bun.file(fullPath).size > 0 ? fullPath : webPath;
}

/** Renders in the snapshot, read in keyset batches so memory stays flat however large the library is. */
function* libraryRows(sqlite: Database, snapshot: number): Generator<LibraryRow> {
  const page = sqlite.query(
    `SELECT id, base_prompt, style_phrase, style_slug, model_key, image_path, completed_at, created_at, gallery_seq
     FROM renders WHERE gallery_seq IS NOT NULL AND gallery_seq > ? AND gallery_seq <= ? ORDER BY gallery_seq LIMIT ?`,
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, snapshot, BATCH) as LibraryRow[];
    yield* rows;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.gallery_seq;
  }
}

function* libraryEntries(sqlite: Database, config: Config, snapshot: number): Generator<LibraryEntry> {
  for (const row of libraryRows(sqlite, snapshot)) {
    if (!row.image_path) continue;
    const path = fullResolutionFile(config, row.image_path);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      continue; // a file lost from disk is left out of the archive and the manifest alike
    }
    const lastModified = new Date(row.completed_at ?? row.created_at);
    yield { name: `images/${row.style_slug}/${row.id}.webp`, path, size, lastModified, row };
  }
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function manifestLine(entry: LibraryEntry, licence: string): string {
  const { row } = entry;
  return `${[row.id, row.base_prompt, row.style_phrase, row.model_key, entry.lastModified.toISOString(), entry.name, licence].map(csvField).join(",")}\n`;
}

const encoder = new TextEncoder();

function licenseText(licence: string): string {
  return [
    `AI Gallery library — licence: ${licence}`,
    "",
    licence === "CC0-1.0"
      ? "To the extent possible under law, the publishers have waived all copyright and related or neighboring rights to the images in this archive (CC0 1.0 Universal, https://creativecommons.org/publicdomain/zero/1.0/). You may copy, modify, distribute and use them, even commercially, without asking permission."
      : `The images in this archive are licensed under ${licence} (https://spdx.org/licenses/${licence}.html).`,
    "",
    "manifest.csv lists every image with its base prompt, style phrase, model and creation date.",
    "",
  ].join("\n");
}

export interface LibraryArchive {
  snapshot: number;
  files: number;
  length: number;
  /** The archive's bytes, produced lazily as the response is read. */
  stream(): ReadableStream<Uint8Array>;
}

export function buildLibraryArchive(sqlite: Database, config: Config, snapshot: number): LibraryArchive {
  const licence = config.billing.libraryLicense;
  const license = encoder.encode(licenseText(licence));
  const fixedDate = new Date(0);
  // First pass: names and sizes only (for Content-Length and Range), nothing held but counters.
  let files = 0;
  let manifestSize = encoder.encode(MANIFEST_HEADER).length;
  for (const entry of libraryEntries(sqlite, config, snapshot)) {
    files++;
    manifestSize += encoder.encode(manifestLine(entry, licence)).length;
  }
  function* metadata() {
    yield { name: "LICENSE", size: license.length, lastModified: fixedDate };
    yield { name: "manifest.csv", size: manifestSize, lastModified: fixedDate };
    for (const entry of libraryEntries(sqlite, config, snapshot)) yield { name: entry.name, size: entry.size, lastModified: entry.lastModified };
  }
  const length = Number(predictLength(metadata()));

  async function* manifest(): AsyncGenerator<Uint8Array> {
    yield encoder.encode(MANIFEST_HEADER);
    let chunk = "";
    for (const entry of libraryEntries(sqlite, config, snapshot)) {
      chunk += manifestLine(entry, licence);
      if (chunk.length > 64 * 1024) {
        yield encoder.encode(chunk);
        chunk = "";
      }
    }
    if (chunk) yield encoder.encode(chunk);
  }

  async function* contents() {
    yield { name: "LICENSE", input: license, lastModified: fixedDate };
    yield { name: "manifest.csv", input: manifest(), size: manifestSize, lastModified: fixedDate };
    for (const entry of libraryEntries(sqlite, config, snapshot)) {
      yield { name: entry.name, input: Bun.file(entry.path), size: entry.size, lastModified: entry.lastModified };
    }
  }

  return {
    snapshot,
    files,
    length,
    stream: () => downloadZip(contents(), { length }).body!,
  };
}

/** Bytes [start, end] of a stream, reading (and dropping) what comes before: how a Range request is served. */
export function sliceStream(source: ReadableStream<Uint8Array>, start: number, end: number): ReadableStream<Uint8Array> {
  let position = 0;
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const chunkStart = position;
        position += chunk.length;
        if (position <= start || chunkStart > end) return;
        controller.enqueue(chunk.subarray(Math.max(0, start - chunkStart), Math.min(chunk.length, end - chunkStart + 1)));
        if (position > end) controller.terminate();
      },
    }),
  );
}
