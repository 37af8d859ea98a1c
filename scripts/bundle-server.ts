// Bundles the server for the container (`bun run build:server`): dist/index.js (every ROLE), dist/worker-main.js
// (`bun run worker`), dist/worker.js (the generation Worker that pool.ts starts by URL) and the operator CLIs
// (dist/matrix.js, seed.js, reconcile.js), all directly in dist/
// so src/app-root.ts and the Worker's URL resolve the same from the bundle as from source. sharp stays outside:
// its native libvips cannot be bundled, so the runtime image carries its packages from node_modules.
import { rmSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const outdir = process.argv[2] ?? `${root}dist`;
rmSync(outdir, { recursive: true, force: true });
const result = await Bun.build({
  entrypoints: ["src/index.ts", "src/worker-main.ts", "src/generation/worker.ts", "scripts/matrix.ts", "scripts/seed.ts", "scripts/reconcile.ts"].map((entry) => `${root}${entry}`),
  outdir,
  target: "bun",
  external: ["sharp"],
  splitting: true,
  // Lines and names kept, so an error in the logs shows a readable line; no source maps (they would triple the
  // image's app files).
  minify: { whitespace: false, syntax: true, identifiers: false },
  naming: { entry: "[name].[ext]", chunk: "[name]-[hash].[ext]", asset: "[name]-[hash].[ext]" },
});
if (!result.success) {
  for (const message of result.logs) console.error(message);
  process.exit(1);
}
const bytes = result.outputs.filter((output) => output.kind !== "sourcemap").reduce((sum, output) => sum + output.size, 0);
console.log(`bundled the server into ${outdir} (${(bytes / 1e6).toFixed(1)} MB of JavaScript in ${result.outputs.length} files)`);
