// Built front-end assets in public/ (CSS, the Alpine bundle, icons) and their content-hashed URLs.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_ROOT } from "../app-root";

export const PUBLIC_DIR = join(APP_ROOT, "public");

/** The only files served from public/, so nothing else in that folder can leak (a Map: no inherited names like `constructor`). */
export const PUBLIC_FILES = new Map<string, string>([
  ["app.css", "text/css; charset=utf-8"],
  ["app.js", "text/javascript; charset=utf-8"],
  ["alpine.js", "text/javascript; charset=utf-8"],
  ["favicon.svg", "image/svg+xml"],
]);

const versions = new Map<string, string>();

/** `/app.css?v=<hash>`: the hash changes with the content, so browsers may cache the URL forever. */
export function assetUrl(name: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    const path = `${PUBLIC_DIR}/${name}`;
    version = existsSync(path) ? Bun.hash(readFileSync(path)).toString(36) : "missing";
    versions.set(name, version);
  }
  return `/${name}?v=${version}`;
}
