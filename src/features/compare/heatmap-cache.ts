// Heat maps made on demand from the stored web images: the most recent kept in memory (a render's web image
// never changes, so a pair's heat map never does), at most two computed at once so a burst cannot take every core.
import { HttpError } from "../../http/http-error";
import { imageKeyFromUrlPath, StoredObjectNotFoundError, type ImageStore } from "../../storage";
import type { RenderJson } from "../gallery/model";
import { differenceHeatmap } from "./heatmap";

const KEPT = 64;
const AT_ONCE = 2;

export interface HeatmapCache {
  /** The pair's heat map as WebP; the caller has already checked the viewer may see both renders. */
  heatmapOf(a: RenderJson, b: RenderJson): Promise<Uint8Array<ArrayBuffer>>;
}

export function createHeatmapCache(store: ImageStore): HeatmapCache {
  const kept = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  let running = 0;
  const waiting: (() => void)[] = [];

  async function readWebImage(render: RenderJson): Promise<Uint8Array> {
    const key = render.image_path ? imageKeyFromUrlPath(render.image_path) : null;
    if (!key) throw new HttpError(404, "That render has no stored picture to compare.");
    try {
      return await store.read(key);
    } catch (error) {
      if (error instanceof StoredObjectNotFoundError) throw new HttpError(404, "That render’s picture is missing from storage.");
      throw error;
    }
  }

  // A finishing computation hands its slot straight to the next waiting one.
  async function acquire(): Promise<void> {
    if (running < AT_ONCE) running++;
    else await new Promise<void>((resume) => waiting.push(resume));
  }
  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }

  async function compute(a: RenderJson, b: RenderJson): Promise<Uint8Array<ArrayBuffer>> {
    await acquire();
    try {
      const [first, second] = await Promise.all([readWebImage(a), readWebImage(b)]);
      return await differenceHeatmap(first, second);
    } finally {
      release();
    }
  }

  return {
    heatmapOf(a, b) {
      const key = `${a.id} ${b.id}`;
      const hit = kept.get(key);
      if (hit) {
        // Most recently used goes last, so the oldest is first to go.
        kept.delete(key);
        kept.set(key, hit);
        return hit;
      }
      const made = compute(a, b);
      kept.set(key, made);
      made.catch(() => kept.delete(key));
      if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
      return made;
    },
  };
}
