// Builds public/app.css (Tailwind) and public/app.js (Alpine CSP bundle); `bun run build:css` / `build:js`.
// A build whose inputs have not changed since the last one is skipped (`--force` rebuilds), so a start is fast.
import { $, Glob } from "bun";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const what = process.argv[2] ?? "all";
const force = process.argv.includes("--force");
const STAMP = `${root}public/.build-inputs.json`;

/**
 * A hash of everything that shapes an output: Tailwind scans every source file for class names, the bundle
 * reads src/client/; both depend on the installed tool versions recorded in the lockfile.
 */
function inputsHash(patterns: string[]): string {
  const hasher = new Bun.CryptoHasher("sha256");
  for (const pattern of patterns) {
    const files = [...new Glob(pattern).scanSync({ cwd: root })].sort();
    for (const file of files) {
      hasher.update(file);
      hasher.update(readFileSync(`${root}${file}`));
    }
  }
  hasher.update(readFileSync(`${root}bun.lock`));
  hasher.update(readFileSync(`${root}scripts/build-assets.ts`));
  return hasher.digest("hex");
}

const stamps: Record<string, string> = existsSync(STAMP) ? JSON.parse(readFileSync(STAMP, "utf8")) : {};

function upToDate(output: string, hash: string): boolean {
  return !force && existsSync(`${root}public/${output}`) && stamps[output] === hash;
}

if (what === "css" || what === "all") {
  const hash = inputsHash(["src/**/*.{ts,tsx,css}"]);
  if (upToDate("app.css", hash)) {
    console.log("public/app.css is up to date");
  } else {
    await $`${root}node_modules/.bin/tailwindcss -i ${root}src/ui/styles.css -o ${root}public/app.css --minify`.cwd(root).quiet();
    stamps["app.css"] = hash;
    console.log("built public/app.css");
  }
}
if (what === "js" || what === "all") {
  const hash = inputsHash(["src/client/**/*.ts"]);
  if (upToDate("app.js", hash) && upToDate("alpine.js", hash)) {
    console.log("public/app.js and public/alpine.js are up to date");
  } else {
    // app.js runs on every page; alpine.js only where a component is used (src/client/alpine-loader.ts).
    for (const name of ["app", "alpine"]) {
      const result = await Bun.build({
        entrypoints: [`${root}src/client/${name}.ts`],
        outdir: `${root}public`,
        naming: `${name}.js`,
        // Alpine built on its own with mangled identifiers stops running its effects ("this.fn is not a function");
        // keeping its identifiers costs ~38 KB raw, a few KB compressed, in a file loaded only when needed.
        minify: name === "alpine" ? { whitespace: true, syntax: true, identifiers: false } : true,
        target: "browser",
      });
      if (!result.success) {
        for (const log of result.logs) console.error(log);
        process.exit(1);
      }
    }
    stamps["app.js"] = hash;
    stamps["alpine.js"] = hash;
    console.log("built public/app.js and public/alpine.js");
  }
}
writeFileSync(STAMP, `${JSON.stringify(stamps, null, 2)}\n`);
