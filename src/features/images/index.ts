// Serves rendered images: validated names only, immutable caching with ETag and 304.
import { Elysia, t } from "elysia";
import { HttpError } from "../../http/errors";
import type { setupPlugin } from "../../http/setup";
import { resolveImageFile } from "./service";

const IMMUTABLE = "public, max-age=31536000, immutable";

export function imagesFeature(setup: ReturnType<typeof setupPlugin>) {
  return new Elysia({ name: "images" }).use(setup).get(
    "/images/:year/:month/:file",
    async ({ request, params, config }) => {
      const path = resolveImageFile(config.imagesDir, params.year, params.month, params.file);
      if (!path) throw new HttpError(400, "Not an image name this gallery serves");
      const file = Bun.file(path);
      if (!(await file.exists())) throw new HttpError(404, "Image not found");
      // A name is written once and never rewritten, so name and size identify the bytes.
      const etag = `"${params.file.slice(0, -5)}-${file.size.toString(36)}"`;
      const headers = { etag, "cache-control": IMMUTABLE, "x-content-type-options": "nosniff" };
      if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
      return new Response(file, { headers: { ...headers, "content-type": "image/webp" } });
    },
    {
      params: t.Object({ year: t.String(), month: t.String(), file: t.String() }),
      detail: { summary: "An image file (full size, or _t / _t2 thumbnails)" },
    },
  );
}
