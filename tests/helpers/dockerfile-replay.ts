// Replays a multi-stage Dockerfile without a Docker engine: each stage is a temp folder standing for its WORKDIR,
// COPY lines copy from the build context (minus .dockerignore) or from an earlier stage's folder, RUN lines run
// in the stage's folder, and the last stage's ENV and CMD describe how to start it. Only what this project's
// Dockerfile uses is understood (an unknown instruction fails the replay rather than being skipped unseen).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";

export interface CopyStep {
  kind: "copy";
  from?: string;
  sources: string[];
  dest: string;
}
export interface RunStep {
  kind: "run";
  command: string;
}
export interface Stage {
  name: string;
  workdir: string;
  env: Record<string, string>;
  steps: (CopyStep | RunStep)[];
  cmd?: string[];
}

/** Instructions with no effect on the files or the start command of a replay. */
const NO_FILE_EFFECT = new Set(["ARG", "USER", "VOLUME", "EXPOSE", "HEALTHCHECK", "LABEL"]);

export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\r?\n/g, " ").split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = line.slice(instruction!.length).trim();
    const keyword = instruction!.toUpperCase();
    const stage = stages.at(-1);
    if (keyword === "FROM") {
      const as = /\s+AS\s+(\S+)$/i.exec(args);
      stages.push({ name: as ? as[1]! : String(stages.length), workdir: "/", env: {}, steps: [] });
    } else if (NO_FILE_EFFECT.has(keyword)) {
      continue;
    } else if (!stage) {
      throw new Error(`${keyword} before the first FROM`);
    } else if (keyword === "WORKDIR") {
      stage.workdir = args;
    } else if (keyword === "ENV") {
      for (const pair of rest) {
        const eq = pair.indexOf("=");
        if (eq < 1) throw new Error(`ENV ${pair}: only KEY=value pairs are understood`);
        stage.env[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
    } else if (keyword === "COPY") {
      const from = rest[0]?.startsWith("--from=") ? rest.shift()!.slice("--from=".length) : undefined;
      if (rest.some((word) => word.startsWith("--"))) throw new Error(`COPY ${args}: only --from is understood`);
      if (rest.length < 2) throw new Error(`COPY ${args}: needs a source and a destination`);
      stage.steps.push({ kind: "copy", from, sources: rest.slice(0, -1), dest: rest.at(-1)! });
    } else if (keyword === "RUN") {
      stage.steps.push({ kind: "run", command: args });
    } else if (keyword === "CMD") {
      stage.cmd = JSON.parse(args) as string[];
    } else {
      throw new Error(`the replay does not understand ${keyword}`);
    }
  }
  return stages;
}

/** .dockerignore entries as path prefixes (what this project uses: plain paths, no wildcards or `!`). */
export function dockerIgnore(contextDir: string): string[] {
  const file = join(contextDir, ".dockerignore");
  if (!existsSync(file)) return [];
  const entries = readFileSync(file, "utf8").split(/\r?\n/).map((line) => line.trim().replace(/^\/+|\/+$/g, "")).filter((line) => line && !line.startsWith("#"));
  for (const entry of entries) if (/[*?[!]/.test(entry)) throw new Error(`.dockerignore: the replay does not understand "${entry}"`);
  return entries;
}

function copyPath(from: string, to: string, keep: (path: string) => boolean): void {
  if (!keep(from)) return;
  if (statSync(from).isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) copyPath(join(from, entry), join(to, entry), keep);
  } else {
    mkdirSync(dirname(to), { recursive: true });
    cpSync(from, to);
  }
}

export interface ReplayOptions {
  contextDir: string;
  /** One folder per stage is made under it. */
  workDir: string;
  /** Environment for RUN lines (PATH, HOME and such); the stage's ENV is added. */
  runEnv: Record<string, string>;
}

/** Builds every stage in order; returns the folder of each stage by name. */
export function replayStages(stages: Stage[], { contextDir, workDir, runEnv }: ReplayOptions): Map<string, string> {
  const folders = new Map<string, string>();
  const ignored = dockerIgnore(contextDir).map((entry) => join(contextDir, entry));
  const keepFromContext = (path: string) => !ignored.some((entry) => path === entry || path.startsWith(`${entry}/`));
  for (const stage of stages) {
    const folder = join(workDir, stage.name);
    mkdirSync(folder, { recursive: true });
    folders.set(stage.name, folder);
    const inStage = (path: string) => (path.startsWith("/") ? join(folder, relative(stage.workdir, path)) : join(folder, path));
    for (const step of stage.steps) {
      if (step.kind === "run") {
        const run = Bun.spawnSync(["sh", "-c", step.command], { cwd: folder, env: { ...runEnv, ...stage.env }, stdout: "pipe", stderr: "pipe" });
        if (run.exitCode !== 0) throw new Error(`stage ${stage.name}: RUN ${step.command} exited ${run.exitCode}:\n${run.stdout}\n${run.stderr}`);
        continue;
      }
      const source = (path: string) => {
        if (!step.from) return join(contextDir, path);
        const fromStage = stages.find((candidate) => candidate.name === step.from);
        const fromFolder = folders.get(step.from);
        if (!fromStage || !fromFolder) throw new Error(`COPY --from=${step.from}: no earlier stage of that name`);
        return join(fromFolder, relative(fromStage.workdir, path));
      };
      const intoFolder = step.dest.endsWith("/") || step.sources.length > 1;
      for (const path of step.sources) {
        const from = source(path);
        if (!existsSync(from)) throw new Error(`stage ${stage.name}: COPY ${step.from ? `--from=${step.from} ` : ""}${path}: no such file`);
        const to = intoFolder && !statSync(from).isDirectory() ? join(inStage(step.dest), basename(from)) : inStage(step.dest);
        copyPath(from, to, step.from ? () => true : keepFromContext);
      }
    }
  }
  return folders;
}
