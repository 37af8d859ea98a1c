// `bun run rerender --style "oil painting" --model openai:gpt-image-2 [--prompt "a red fox"] [--no-wait]`: renders
// the style's current public cells for that model again, on the model's current version, as new versions.
// Without --no-wait it renders them here with a progress bar; with it a running server's workers pick them up.
import { parseArgs } from "node:util";
import { awaitMatrixRun } from "../src/cli/await-matrix-run";
import { loadConfigOrExit, openDataOrExit } from "../src/cli/open-data";
import { checkModelRequest } from "../src/generation/models/availability";
import { planRerender } from "../src/generation/rerender";

const { values } = parseArgs({
  options: {
    style: { type: "string", multiple: true },
    model: { type: "string" },
    prompt: { type: "string", multiple: true },
    "no-wait": { type: "boolean", default: false },
  },
});

const styles = [...new Set((values.style ?? []).map((style) => style.trim()).filter(Boolean))];
const prompts = [...new Set((values.prompt ?? []).map((prompt) => prompt.trim()).filter(Boolean))];
const modelKey = values.model?.trim() ?? "";
const config = loadConfigOrExit();

function modelProblem(key: string): string | undefined {
  const model = config.models.find(key);
  if (!model) return `unknown model "${key}"`;
  // Configured with every provider, the request check leaves only what no process could run (retired, withdrawn).
  const everywhere = { ...config, providers: { ...config.providers, [model.provider]: {} } };
  const checked = checkModelRequest(everywhere, key, "text-to-image");
  return "refusal" in checked ? checked.refusal : undefined;
}
const problems = [
  styles.length === 0 && "--style is required",
  !modelKey && "--model is required",
  modelKey && modelProblem(modelKey),
].filter(Boolean);
if (problems.length > 0) {
  console.error(`rerender: ${problems.join("; ")}`);
  console.error('usage: bun run rerender --style "oil painting" --model local:paint [--prompt "a red fox"] [--no-wait]');
  process.exit(2);
}

const { data, close } = await openDataOrExit(config);
const run = await planRerender(data, { stylePhrases: styles, modelKey, basePrompts: prompts });
if (!run) {
  console.error(`rerender: no current public renders of ${styles.map((style) => `"${style}"`).join(", ")} by ${modelKey}${prompts.length ? " for those prompts" : ""}.`);
  await close();
  process.exit(1);
}
console.log(`Queued re-render ${run.runId}: ${run.renderIds.length} new versions.`);
if (!values["no-wait"]) {
  const progress = await awaitMatrixRun(data, config, run.runId, "Re-rendering");
  console.log(`Done: ${progress.doneCells} rendered, ${progress.failedCells} failed.`);
  if (progress.failedCells > 0) process.exitCode = 1;
}
await close();
