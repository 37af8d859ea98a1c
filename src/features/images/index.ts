// Serves rendered images: validated names only; public renders with immutable caching, ETag and 304;
// private or rejected renders only to their owner (404 to anyone else, so guesses learn nothing).
import { Elysia, t } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import type { setupPlugin } from "../../http/setup";
import { lazyAuthPlugin } from "../auth/plugin";
import { imageAccess, resolveImageFile } from "./service";

const PUBLIC_IMMUTABLE = "public, max-age=31536000, immutable";
const PRIVATE_CACHE = "private, max-age=3600";

export function imagesFeature(setup: ReturnType<typeof setupPlugin>, config: Config) {
  return new Elysia({ name: "images" }).use(lazyAuthPlugin(setup, config)).get(
    "/images/:year/:month/:file",
    async ({ request, params, sqlite, loadUser }) => {
      const path = resolveImageFile(config.imagesDir, params.year, params.month, params.file);
      if (!path) throw new HttpError(400, "Not an image name this gallery serves");
      const access = imageAccess(sqlite, params.file);
      if (!access) throw new HttpError(404, "Image not found");
      if (!access.isPublic) {
        const user = await loadUser();
        if (!user || user.id !== access.ownerId) throw new HttpError(404, "Image not found");
      }
      const file = Bun.file(path);
      if (!(await file.exists())) throw new HttpError(404, "Image not found");
      // A name is written once and never rewritten, so name and size identify the bytes.
      const etag = `"${params.file.slice(0, -5)}-${file.size.toString(36)}"`;
      const headers = { etag, "cache-control": access.isPublic ? PUBLIC_IMMUTABLE : PRIVATE_CACHE, "x-content-type-options": "nosniff" };
      if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
      return new Response(file, { headers: { ...headers, "content-type": "image/webp" } });
    },
    {
      params: t.Object({ year: t.String(), month: t.String(), file: t.String() }),
      detail: { summary: "An image file (full size, or _t / _t2 thumbnails); private ones only to their owner" },
    },
  );
}
