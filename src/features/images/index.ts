// Serves rendered images: validated names only; public renders with immutable caching, ETag and 304;
// private or rejected renders only to their owner (404 to anyone else, so guesses learn nothing). With an S3 store
// and S3_PUBLIC_IMAGES=redirect, public images are a redirect to a presigned URL; everything else is streamed.
import { Elysia, t } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import type { setupPlugin } from "../../http/setup";
import { lazyAuthPlugin } from "../auth/plugin";
import { createImageStore, PRESIGNED_URL_SECONDS, servableImageKey } from "../../storage";
import { imageAccess } from "./service";

const PUBLIC_IMMUTABLE = "public, max-age=31536000, immutable";
const PRIVATE_CACHE = "private, max-age=3600";
/** A cached redirect must not outlive the presigned URL it points to. */
const REDIRECT_CACHE = `public, max-age=${PRESIGNED_URL_SECONDS / 2}`;

export function imagesFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  const store = createImageStore(config.storage);
  return new Elysia({ name: "images" }).use(lazyAuthPlugin(setup, config)).get(
    "/images/:year/:month/:file",
    async ({ request, params, data, loadUser }) => {
      const key = servableImageKey(params.year, params.month, params.file);
      if (!key) throw new HttpError(400, "Not an image name this gallery serves");
      const access = await imageAccess(data, params.file);
      if (!access) throw new HttpError(404, "Image not found");
      if (!access.isPublic) {
        const user = await loadUser();
        if (!user || user.id !== access.ownerId) throw new HttpError(404, "Image not found");
      }
      // The bytes then go from the bucket to the browser; the app answers from the database alone.
      const redirect = access.isPublic ? store.publicRedirect(key) : null;
      if (redirect) return new Response(null, { status: 302, headers: { location: redirect, "cache-control": REDIRECT_CACHE } });
      const stored = await store.stat(key);
      if (!stored) throw new HttpError(404, "Image not found");
      // A name is written once and never rewritten, so name and size identify the bytes.
      const etag = `"${params.file.slice(0, -5)}-${stored.size.toString(36)}"`;
      const headers = { etag, "cache-control": access.isPublic ? PUBLIC_IMMUTABLE : PRIVATE_CACHE, "x-content-type-options": "nosniff" };
      if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
      return new Response(store.responseBody(key), { headers: { ...headers, "content-type": "image/webp" } });
    },
    {
      params: t.Object({ year: t.String(), month: t.String(), file: t.String() }),
      detail: { summary: "A web image or one of its two thumbnails; private ones only to their owner" },
    },
  );
}
