// Main-thread long tasks of a page load on a phone: Chromium at 390 × 844 with 4× CPU slowdown, traced through
// CDP, each task over 50 ms split by what ran inside it (our app.js, alpine.js, style and layout, paint, image
// decode, parsing HTML, other). A load is traced RUNS times (default 3) and the median of each total is kept.
// Usage: bun bench/long-tasks.ts URL [RUNS]   (the URL must be on 127.0.0.1)
import { chromium, type CDPSession } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const LONG_TASK_MS = 50;
const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink"];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; scriptName?: string; frame?: string; functionName?: string } };
}

export type Source = "app.js" | "alpine.js" | "style/layout" | "paint" | "image decode" | "html parse" | "resource requests" | "other script" | "other";

export interface LongTaskSummary {
  count: number;
  totalMs: number;
  /** Sum over long tasks of their time beyond 50 ms: what Lighthouse's TBT adds up. */
  blockingMs: number;
  bySource: Record<Source, number>;
}

function sourceOf(event: TraceEvent): Source | undefined {
  const url = event.args?.data?.url ?? event.args?.data?.scriptName ?? "";
  switch (event.name) {
    case "EvaluateScript":
    case "FunctionCall":
    case "TimerFire":
    case "FireAnimationFrame":
    case "EventDispatch":
    case "v8.compile":
    case "v8.compileModule":
    case "CompileScript":
      if (url.includes("alpine")) return "alpine.js";
      if (url.includes("app.js")) return "app.js";
      return url ? "other script" : undefined;
    case "Layout":
    case "UpdateLayoutTree":
    case "RecalculateStyles":
    case "ParseAuthorStyleSheet":
      return "style/layout";
    case "Paint":
    case "PrePaint":
    case "Layerize":
    case "UpdateLayer":
      return "paint";
    case "Decode Image":
    case "ImageDecodeTask":
    case "Decode LazyPixelRef":
      return "image decode";
    case "ParseHTML":
      return "html parse";
    case "ResourceFetcher::requestResource":
      return "resource requests";
    default:
      if (event.name.startsWith("HTMLDocumentParser::")) return "html parse";
      return undefined;
  }
}

/** Long tasks on the page's main thread, each task's time given to the innermost known kind of work. */
export function summariseLongTasks(events: TraceEvent[]): LongTaskSummary {
  // Several renderers start (about:blank first): the page's is the main thread that ran the most tasks.
  const taskTime = new Map<string, number>();
  for (const event of events) {
    if (event.ph === "X" && event.name === "RunTask") taskTime.set(`${event.pid}/${event.tid}`, (taskTime.get(`${event.pid}/${event.tid}`) ?? 0) + (event.dur ?? 0));
  }
  const mains = events.filter((event) => event.name === "thread_name" && (event as { args?: { name?: string } }).args?.name === "CrRendererMain");
  const main = mains.sort((a, b) => (taskTime.get(`${b.pid}/${b.tid}`) ?? 0) - (taskTime.get(`${a.pid}/${a.tid}`) ?? 0))[0];
  const onMain = events.filter((event) => event.ph === "X" && event.dur !== undefined && (!main || (event.pid === main.pid && event.tid === main.tid)));
  const tasks = onMain.filter((event) => (event.name === "RunTask" || event.name === "ThreadControllerImpl::RunTask") && event.dur! / 1000 > LONG_TASK_MS);
  const bySource: Record<Source, number> = { "app.js": 0, "alpine.js": 0, "style/layout": 0, paint: 0, "image decode": 0, "html parse": 0, "resource requests": 0, "other script": 0, other: 0 };
  let totalMs = 0;
  let blockingMs = 0;
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const inside = onMain.filter((event) => event !== task && event.ts >= task.ts && event.ts + event.dur! <= end && sourceOf(event));
    // Self time per known event: its duration less that of known events nested in it.
    let attributed = 0;
    for (const event of inside) {
      const nested = inside.filter((other) => other !== event && other.ts >= event.ts && other.ts + other.dur! <= event.ts + event.dur! && other.dur! < event.dur!);
      const directChildren = nested.filter((child) => !nested.some((other) => other !== child && child.ts >= other.ts && child.ts + child.dur! <= other.ts + other.dur! && other.dur! > child.dur!));
      const self = Math.max(0, event.dur! - directChildren.reduce((sum, child) => sum + child.dur!, 0)) / 1000;
      // A script's nested compile counts as that script's own work.
      let source = sourceOf(event)!;
      if (source === "other script") {
        const parent = inside.find((other) => other !== event && other.ts <= event.ts && other.ts + other.dur! >= event.ts + event.dur! && ["app.js", "alpine.js"].includes(sourceOf(other)!));
        if (parent) source = sourceOf(parent)!;
      }
      bySource[source] += self;
      attributed += self;
    }
    const ms = task.dur! / 1000;
    bySource.other += Math.max(0, ms - attributed);
    totalMs += ms;
    blockingMs += ms - LONG_TASK_MS;
  }
  for (const key of Object.keys(bySource) as Source[]) bySource[key] = Math.round(bySource[key]);
  return { count: tasks.length, totalMs: Math.round(totalMs), blockingMs: Math.round(blockingMs), bySource };
}

async function collect(client: CDPSession, work: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  // Playwright's types list only some CDP events; these two are standard Tracing domain events.
  const events_ = client as unknown as { on(name: string, listener: (message: { value: TraceEvent[] }) => void): void; once(name: string, listener: () => void): void };
  events_.on("Tracing.dataCollected", (message) => void events.push(...message.value));
  const done = new Promise<void>((resolve) => events_.once("Tracing.tracingComplete", () => resolve()));
  await client.send("Tracing.start", { categories: CATEGORIES.join(","), transferMode: "ReportEvents" });
  await work();
  await client.send("Tracing.end");
  await done;
  return events;
}

/** One traced load: a fresh context (empty cache), phone viewport, 4× CPU slowdown, until load plus 3 s of quiet. */
export async function traceLoad(url: string, settleMs = 3000): Promise<LongTaskSummary> {
  if (new URL(url).hostname !== "127.0.0.1") throw new Error("trace only pages on 127.0.0.1");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const client = await context.newCDPSession(page);
    await client.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    const events = await collect(client, async () => {
      await page.goto(url, { waitUntil: "load" });
      await page.waitForTimeout(settleMs);
    });
    return summariseLongTasks(events);
  } finally {
    await browser.close();
  }
}

export function medianSummary(runs: LongTaskSummary[]): LongTaskSummary {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const bySource = Object.fromEntries(Object.keys(runs[0]!.bySource).map((key) => [key, median(runs.map((run) => run.bySource[key as Source]))])) as Record<Source, number>;
  return { count: median(runs.map((run) => run.count)), totalMs: median(runs.map((run) => run.totalMs)), blockingMs: median(runs.map((run) => run.blockingMs)), bySource };
}

if (import.meta.main) {
  const [url, runsArgument] = process.argv.slice(2);
  if (!url) {
    console.error("usage: bun bench/long-tasks.ts URL [RUNS]");
    process.exit(2);
  }
  const runs: LongTaskSummary[] = [];
  for (let i = 0; i < Number(runsArgument ?? 3); i++) {
    runs.push(await traceLoad(url));
    console.log(`run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
  }
  console.log(`median: ${JSON.stringify(medianSummary(runs))}`);
}
