// `bun run matrix --prompts "a,b" --styles "x,y" --models local:sketch,openai:dall-e-3 [--private] [--no-wait]`:
// queues an operator matrix run (no credits); without --no-wait it also renders it with a progress bar.
import { parseArgs } from "node:util";
import { awaitMatrixRun } from "../src/cli/await-matrix-run";
import { loadConfigOrExit, openMigratedDatabase } from "../src/cli/open-data";
import { planMatrixRun } from "../src/generation/matrix";
import { findModel } from "../src/generation/providers/registry";

const { values } = parseArgs({
  options: {
    prompts: { type: "string", multiple: true },
    styles: { type: "string", multiple: true },
    models: { type: "string", multiple: true },
    private: { type: "boolean", default: false },
    "no-wait": { type: "boolean", default: false },
  },
});

/** Each flag is a comma-separated list, or repeated, or both. */
function list(values: string[] | undefined): string[] {
  return [...new Set((values ?? []).flatMap((value) => value.split(",")).map((item) => item.trim()).filter(Boolean))];
}

const prompts = list(values.prompts);
const styles = list(values.styles);
const models = list(values.models);
const problems = [
  prompts.length === 0 && "--prompts is required",
  styles.length === 0 && "--styles is required",
  models.length === 0 && "--models is required",
  ...models.filter((key) => !findModel(key)).map((key) => `unknown model "${key}"`),
].filter(Boolean);
if (problems.length > 0) {
  console.error(`matrix: ${problems.join("; ")}`);
  console.error('usage: bun run matrix --prompts "a red fox,a tin robot" --styles "oil painting,pixel art" --models local:sketch,local:paint [--private] [--no-wait]');
  process.exit(2);
}

const config = loadConfigOrExit();
const { sqlite } = openMigratedDatabase(config);
const run = planMatrixRun(sqlite, { basePrompts: prompts, stylePhrases: styles, modelKeys: models, visibility: values.private ? "private" : "public" })!;
console.log(`Queued matrix run ${run.runId}: ${run.renderIds.length} renders.`);
if (!values["no-wait"]) {
  const progress = await awaitMatrixRun(sqlite, config, run.runId, "Rendering");
  console.log(`Done: ${progress.done} rendered, ${progress.failed} failed.`);
  if (progress.failed > 0) process.exitCode = 1;
}
sqlite.close();
