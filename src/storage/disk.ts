// The image store on a local folder (DATA_DIR): keys are relative paths under it.
import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { assertStorageKey, imageUrlPath, isStorageKey } from "./keys";
import { StoredObjectNotFoundError, type ImageStore } from "./store";

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

export function createDiskStore(rootDir: string): ImageStore {
  const root = resolve(rootDir);

  function pathOf(key: string): string {
    const path = resolve(root, assertStorageKey(key));
    // The key patterns already exclude `..` and absolute names; the rule itself is "stays under root".
    if (!path.startsWith(root + sep)) throw new Error(`Key escapes the store: ${key}`);
    return path;
  }

  function notFound(key: string) {
    return new StoredObjectNotFoundError(`No stored object ${key}`);
  }

  /** Files under `dir` (recursively) whose names are storage keys; temporary files start with a dot and never are. */
  async function keysUnder(dir: string): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"))
      .filter(isStorageKey);
  }

  const store: ImageStore = {
    description: `disk ${root}`,
    redirectOrigin: null,

    async write(key, bytes) {
      const target = pathOf(key);
      // Dot-prefixed, so no key pattern ever matches a temporary file.
      const temporary = join(dirname(target), `.${randomUUID()}.tmp`);
      await mkdir(dirname(target), { recursive: true });
      try {
        await writeFile(temporary, bytes);
        await rename(temporary, target);
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw error;
      }
    },

    async stat(key) {
      // Bun.file's exists() and size answer about twice as fast as fs.promises.stat (measured: 85k vs 40k/s).
      const file = Bun.file(pathOf(key));
      if (!(await file.exists())) return null;
      return { size: file.size, lastModified: new Date(file.lastModified) };
    },

    async read(key) {
      try {
        return await Bun.file(pathOf(key)).bytes();
      } catch (error) {
        if (isMissing(error)) throw notFound(key);
        throw error;
      }
    },

    readStream(key) {
      const path = pathOf(key);
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            reader ??= Bun.file(path).stream().getReader();
            const { done, value } = await reader.read();
            if (done) controller.close();
            else controller.enqueue(value);
          } catch (error) {
            controller.error(isMissing(error) ? notFound(key) : error);
          }
        },
        cancel(reason) {
          return reader?.cancel(reason);
        },
      });
    },

    responseBody(key) {
      return Bun.file(pathOf(key));
    },

    async delete(key) {
      try {
        await unlink(pathOf(key));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    },

    async *list() {
      const keys = [...(await keysUnder("images")), ...(await keysUnder("uploads"))];
      for (const key of keys) {
        const stored = await store.stat(key);
        if (stored) yield { key, size: stored.size };
      }
    },

    publicUrl(key) {
      return imageUrlPath(key);
    },

    publicRedirect(key) {
      assertStorageKey(key);
      return null;
    },

    async check() {},
  };
  return store;
}
