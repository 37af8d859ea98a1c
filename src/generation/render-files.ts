// Stores a render's image set under the names storage gives it and reports what the renders row records.
import { renderImageKeys, type ImageStore } from "../storage";
import type { RenderImageSet } from "./postprocess";

/** What the main thread records on the render: URL paths, the original's key, sizes. Plain data. */
export interface ProcessedImage {
  imagePath: string;
  thumbPath: string;
  thumb2xPath: string;
  /** Storage key of the full-resolution original (never a public URL). */
  fullKey: string;
  /** Of the web image. */
  width: number;
  height: number;
  fullWidth: number;
  fullHeight: number;
  fullBytes: number;
  thumbhash: string;
  /** Of the web image. */
  bytes: number;
}

export async function writeRenderImages(store: ImageStore, renderId: string, images: RenderImageSet, date = new Date()): Promise<ProcessedImage> {
  const keys = renderImageKeys(renderId, date);
  const files: Array<[string, Buffer]> = [
    [keys.web, images.web],
    [keys.full, images.full],
    [keys.thumb, images.thumb],
    [keys.thumb2x, images.thumb2x],
  ];
  const written = await Promise.allSettled(files.map(([key, bytes]) => store.write(key, bytes)));
  const failure = written.find((result) => result.status === "rejected");
  if (failure) {
    // A set with a missing member is no use to anyone: the retry writes it whole.
    await Promise.allSettled(files.map(([key]) => store.delete(key)));
    throw failure.reason;
  }
  return {
    imagePath: store.publicUrl(keys.web),
    thumbPath: store.publicUrl(keys.thumb),
    thumb2xPath: store.publicUrl(keys.thumb2x),
    fullKey: keys.full,
    width: images.width,
    height: images.height,
    fullWidth: images.fullWidth,
    fullHeight: images.fullHeight,
    fullBytes: images.full.length,
    thumbhash: images.thumbhash,
    bytes: images.web.length,
  };
}
