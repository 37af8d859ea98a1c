// A streamed ZIP of renders with a manifest.csv and a LICENSE: the library's, and a collection's. The caller names
// the entries (a function called once per pass, so they can be read lazily in batches and memory stays flat); this
// module sizes the archive up front (for Content-Length and Range) and streams each file from the store as it is read.
import { downloadZip, predictLength } from "client-zip";
import type { ImageStore } from "../../storage";

const MANIFEST_HEADER = "id,base_prompt,style_phrase,model,created,file,licence\n";

export interface ArchiveEntry {
  /** The path inside the ZIP. */
  name: string;
  /** The stored file's key and size. */
  key: string;
  size: number;
  lastModified: Date;
  render: { id: string; base_prompt: string; style_phrase: string; model_key: string };
}

export interface RenderArchive {
  files: number;
  length: number;
  /** The archive's bytes, produced lazily as the response is read. */
  stream(): ReadableStream<Uint8Array>;
}

/** A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or CR before one) is kept as text with a leading '. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function manifestLine(entry: ArchiveEntry, licence: string): string {
  const { render } = entry;
  return `${[render.id, render.base_prompt, render.style_phrase, render.model_key, entry.lastModified.toISOString(), entry.name, licence].map(csvField).join(",")}\n`;
}

const encoder = new TextEncoder();
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1));

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

/**
 * Each entry's name length in bytes and size, in growing typed arrays: what the archive's length depends on, at
 * 12 bytes an entry (entries may come from the database a batch at a time, so they cannot be walked twice in step).
 */
class EntrySizes {
  nameBytes = new Uint32Array(1024);
  sizes = new Float64Array(1024);
  count = 0;

  add(nameBytes: number, size: number): void {
    if (this.count === this.sizes.length) {
      const nameBytes = new Uint32Array(this.count * 2);
      nameBytes.set(this.nameBytes);
      const sizes = new Float64Array(this.count * 2);
      sizes.set(this.sizes);
      this.nameBytes = nameBytes;
      this.sizes = sizes;
    }
    this.nameBytes[this.count] = nameBytes;
    this.sizes[this.count++] = size;
  }

  /** Metadata with the same name lengths and sizes: all the ZIP's length depends on (names are ASCII stand-ins). */
  *metadata(lastModified: Date): Generator<{ name: string; size: number; lastModified: Date }> {
    for (let index = 0; index < this.count; index++) yield { name: "f".repeat(this.nameBytes[index]!), size: this.sizes[index]!, lastModified };
  }
}

export async function buildRenderArchive(store: ImageStore, licence: string, entries: () => Iterable<ArchiveEntry> | AsyncIterable<ArchiveEntry>): Promise<RenderArchive> {
  const license = encoder.encode(licenseText(licence));
  // First pass: names and sizes only (for Content-Length and Range), nothing held but counters and the sizes.
  let manifestSize = encoder.encode(MANIFEST_HEADER).length;
  // LICENSE and manifest.csv are as new as the newest image: a real date, and the same for every
  // download of the same entries, so resumed ranges match. ZIP dates start in 1980.
  let archiveDate = ZIP_EPOCH;
  const sizes = new EntrySizes();
  for await (const entry of entries()) {
    sizes.add(encoder.encode(entry.name).length, entry.size);
    manifestSize += encoder.encode(manifestLine(entry, licence)).length;
    if (entry.lastModified > archiveDate) archiveDate = entry.lastModified;
  }
  function* metadata() {
    yield { name: "LICENSE", size: license.length, lastModified: archiveDate };
    yield { name: "manifest.csv", size: manifestSize, lastModified: archiveDate };
    yield* sizes.metadata(archiveDate);
  }
  const length = Number(predictLength(metadata()));
  const files = sizes.count;

  async function* manifest(): AsyncGenerator<Uint8Array> {
    yield encoder.encode(MANIFEST_HEADER);
    let chunk = "";
    for await (const entry of entries()) {
      chunk += manifestLine(entry, licence);
      if (chunk.length > 64 * 1024) {
        yield encoder.encode(chunk);
        chunk = "";
      }
    }
    if (chunk) yield encoder.encode(chunk);
  }

  async function* contents() {
    yield { name: "LICENSE", input: license, lastModified: archiveDate };
    yield { name: "manifest.csv", input: manifest(), size: manifestSize, lastModified: archiveDate };
    for await (const entry of entries()) {
      yield { name: entry.name, input: store.readStream(entry.key), size: entry.size, lastModified: entry.lastModified };
    }
  }

  return { files, length, stream: () => downloadZip(contents(), { length }).body! };
}
