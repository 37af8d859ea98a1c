// Names of stored files (keys) and how they map to and from URLs: the only code that knows them.
// A key is a relative path: `images/YYYY/MM/<render id>[_full|_t|_t2].webp` or `uploads/<upload id>.webp`.

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID_PATTERN = new RegExp(`^${UUID}$`);
const IMAGE_KEY = new RegExp(`^images/\\d{4}/(?:0[1-9]|1[0-2])/${UUID}(?:_full|_t|_t2)?\\.webp$`);
const UPLOAD_KEY = new RegExp(`^uploads/${UUID}\\.webp$`);
const YEAR = /^\d{4}$/;
const MONTH = /^(?:0[1-9]|1[0-2])$/;
/** Files the public image route may serve: the web image and its thumbnails, never the `_full` original. */
const SERVABLE_FILE = new RegExp(`^${UUID}(?:_t|_t2)?\\.webp$`);
const IMAGE_URL_PREFIX = "/images/";

export class InvalidKeyError extends Error {
  override name = "InvalidKeyError";
}

/** True for the names this gallery writes and nothing else: no separators to climb, no dots but the extension. */
export function isStorageKey(key: string): boolean {
  return IMAGE_KEY.test(key) || UPLOAD_KEY.test(key);
}

export function assertStorageKey(key: string): string {
  if (!isStorageKey(key)) throw new InvalidKeyError(`Not a storage key: ${JSON.stringify(key.slice(0, 200))}`);
  return key;
}

export interface RenderImageKeys {
  /** The web-sized image everyone may see. */
  web: string;
  /** The full-resolution original: downloads and the library only, never served by the image route. */
  full: string;
  thumb: string;
  thumb2x: string;
}

export function renderImageKeys(renderId: string, date: Date): RenderImageKeys {
  if (!UUID_PATTERN.test(renderId)) {
    throw new InvalidKeyError(`Image id must be a lowercase UUID, got ${JSON.stringify(renderId)}`);
  }
  const base = `images/${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, "0")}/${renderId}`;
  return { web: `${base}.webp`, full: `${base}_full.webp`, thumb: `${base}_t.webp`, thumb2x: `${base}_t2.webp` };
}

export function uploadKey(uploadId: string): string {
  return assertStorageKey(`uploads/${uploadId}.webp`);
}

/** The app URL path of an image key: `/images/YYYY/MM/file`. */
export function imageUrlPath(key: string): string {
  if (!IMAGE_KEY.test(key)) throw new InvalidKeyError(`Not an image key: ${JSON.stringify(key.slice(0, 200))}`);
  return `/${key}`;
}

/** The key behind an image URL's parts, or null unless they name a web image or thumbnail we could have written. */
export function servableImageKey(year: string, month: string, file: string): string | null {
  if (!YEAR.test(year) || !MONTH.test(month) || !SERVABLE_FILE.test(file)) return null;
  return `images/${year}/${month}/${file}`;
}

/** The key behind a stored image URL path (`/images/…`, as kept in the renders table), or null. */
export function imageKeyFromUrlPath(urlPath: string): string | null {
  if (!urlPath.startsWith(IMAGE_URL_PREFIX)) return null;
  const key = urlPath.slice(1);
  return IMAGE_KEY.test(key) ? key : null;
}

/** The render an image file name belongs to (its first 36 characters are the render id). */
export function renderIdOfImageFile(file: string): string {
  return file.slice(0, 36);
}

/** The name a downloaded original is saved under. */
export function downloadFileName(renderId: string): string {
  return `${renderId}.webp`;
}
