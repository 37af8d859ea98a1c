// `bun run matrix --prompts "a,b" --styles "x,y" --models local:sketch,openai:gpt-image-2 [--private] [--baselines] [--no-wait]`:
// queues an operator matrix run (no credits); without --no-wait it also renders it with a progress bar. --baselines
// adds each prompt × model with no style (unless it has one), which style strength is measured against.
// A model whose provider is not configured here is queued anyway, for a process that has it.
import { parseArgs } from "node:util";
import { awaitMatrixRun } from "../src/cli/await-matrix-run";
import { loadConfigOrExit, openDataOrExit } from "../src/cli/open-data";
import { planMatrixRun } from "../src/generation/matrix";
import { checkModelRequest } from "../src/generation/models/availability";

const { values } = parseArgs({
  options: {
    prompts: { type: "string", multiple: true },
    styles: { type: "string", multiple: true },
    models: { type: "string", multiple: true },
    private: { type: "boolean", default: false },
    baselines: { type: "boolean", default: false },
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
const config = loadConfigOrExit();
const problems = [
  prompts.length === 0 && "--prompts is required",
  styles.length === 0 && "--styles is required",
  models.length === 0 && "--models is required",
  ...models.map((key) => modelProblem(key)),
].filter(Boolean);

function modelProblem(key: string): string | undefined {
  const model = config.models.find(key);
  if (!model) return `unknown model "${key}"`;
  // Configured with every provider, the request check leaves only what no process could run.
  const everywhere = { ...config, providers: { ...config.providers, [model.provider]: {} } };
  const checked = checkModelRequest(everywhere, key, "text-to-image");
  return "refusal" in checked ? checked.refusal : undefined;
}
if (problems.length > 0) {
  console.error(`matrix: ${problems.join("; ")}`);
  console.error('usage: bun run matrix --prompts "a red fox,a tin robot" --styles "oil painting,pixel art" --models local:sketch,local:paint [--private] [--baselines] [--no-wait]');
  process.exit(2);
}

const { data, close } = await openDataOrExit(config);
const run = (await planMatrixRun(data, { basePrompts: prompts, stylePhrases: styles, modelKeys: models, visibility: values.private ? "private" : "public", baselines: values.baselines }))!;
console.log(`Queued matrix run ${run.runId}: ${run.renderIds.length} renders.`);
if (!values["no-wait"]) {
  const progress = await awaitMatrixRun(data, config, run.runId, "Rendering");
  console.log(`Done: ${progress.doneCells} rendered, ${progress.failedCells} failed.`);
  if (progress.failedCells > 0) process.exitCode = 1;
}
await close();
