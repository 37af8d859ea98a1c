// The app's one logger: every operational message goes through here, so a test can capture the ones it causes on purpose.
// Events (a request served, a job moving) carry fields: one JSON object a line in production, one short line of text otherwise.

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface LogEntry {
  level: LogLevel;
  message: string;
  /** The error behind the message; printed with its stack by the console sink. */
  error?: unknown;
  /** Structured facts about an event ("request", "job claimed"…); absent on plain messages. */
  fields?: LogFields;
}

export type LogSink = (entry: LogEntry) => void;
export type LogFormat = "json" | "text";

/** LOG_FORMAT=json|text; JSON by default in production (for a log collector), text elsewhere (for a terminal). */
export function logFormatFrom(env: Record<string, string | undefined>): LogFormat {
  const named = env.LOG_FORMAT?.trim().toLowerCase();
  if (named === "json" || named === "text") return named;
  return env.NODE_ENV === "production" ? "json" : "text";
}

let format: LogFormat = logFormatFrom(process.env);

export function setLogFormat(next: LogFormat): void {
  format = next;
}

function definedFields(fields: LogFields | undefined): [string, string | number | boolean | null][] {
  return Object.entries(fields ?? {}).filter((pair): pair is [string, string | number | boolean | null] => pair[1] !== undefined);
}

/** One line for an entry in the given format (the error's stack is printed separately by the console sink). */
export function formatEntry(entry: LogEntry, as: LogFormat, now = new Date()): string {
  if (as === "json") {
    // One object built in place: this runs for every request in production.
    const line: Record<string, unknown> = { time: now.toISOString(), level: entry.level, msg: entry.message };
    const fields = entry.fields;
    for (const key in fields) if (fields[key] !== undefined) line[key] = fields[key];
    const error = entry.error;
    if (error instanceof Error) {
      line.error = error.message;
      line.stack = error.stack;
    } else if (error !== undefined) line.error = String(error);
    return JSON.stringify(line);
  }
  const pairs = definedFields(entry.fields);
  const tail = pairs.map(([key, value]) => `${key}=${typeof value === "string" && /\s/.test(value) ? JSON.stringify(value) : value}`).join(" ");
  const level = entry.level === "info" ? "" : `${entry.level.toUpperCase()} `;
  return `${now.toISOString().slice(11, 19)} ${level}${entry.message}${tail ? ` ${tail}` : ""}`;
}

// Under `bun test` the per-request and per-job lines would bury the results: tests capture the ones they assert.
const quietEvents = process.env.NODE_ENV === "test";
// In a terminal, painting the first catalogue would print three lines a render and bury its progress line:
// routine job steps show only in JSON (for a collector) or with LOG_JOBS=1; retries and failures always show.
const ROUTINE_JOB_EVENTS = new Set(["job claimed", "job done", "job released"]);
const showRoutineJobs = process.env.LOG_JOBS === "1";

export const consoleSink: LogSink = (entry) => {
  if (quietEvents && entry.fields && entry.level === "info") return;
  if (format === "text" && !showRoutineJobs && entry.level === "info" && ROUTINE_JOB_EVENTS.has(entry.message)) return;
  const write = entry.level === "error" ? console.error : entry.level === "warn" ? console.warn : console.log;
  const line = formatEntry(entry, format);
  if (entry.error === undefined || format === "json") write(line);
  else write(line, entry.error);
};

let sink: LogSink = consoleSink;

export const log = {
  info(message: string): void {
    sink({ level: "info", message });
  },
  warn(message: string, error?: unknown): void {
    sink({ level: "warn", message, error });
  },
  error(message: string, error?: unknown): void {
    sink({ level: "error", message, error });
  },
  /** A structured event: `message` names it ("request", "job done"), `fields` carry its facts. */
  event(message: string, fields: LogFields, level: LogLevel = "info"): void {
    sink({ level, message, fields });
  },
};

/** Sends every entry to `next` from now on; returns the sink it replaced, to restore or to pass entries on to. */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}
