// Builds public/app.css (Tailwind) and public/app.js (Alpine CSP bundle); `bun run build:css` / `build:js`.
import { $ } from "bun";

const root = new URL("..", import.meta.url).pathname;
const what = process.argv[2] ?? "all";

if (what === "css" || what === "all") {
  await $`${root}node_modules/.bin/tailwindcss -i ${root}src/ui/styles.css -o ${root}public/app.css --minify`.cwd(root).quiet();
  console.log("built public/app.css");
}
if (what === "js" || what === "all") {
  const result = await Bun.build({
    entrypoints: [`${root}src/client/app.ts`],
    outdir: `${root}public`,
    naming: "app.js",
    minify: true,
    target: "browser",
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    process.exit(1);
  }
  console.log("built public/app.js");
}
