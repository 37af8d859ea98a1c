// The app's one logger: every operational message goes through here, so a test can capture the ones it causes on purpose.

export type LogLevel = "info" | "warn" | "error";

export interface LogEntry {
  level: LogLevel;
  message: string;
  /** The error behind the message; printed with its stack by the console sink. */
  error?: unknown;
}

export type LogSink = (entry: LogEntry) => void;

export const consoleSink: LogSink = ({ level, message, error }) => {
  const write = level === "error" ? console.error : level === "warn" ? console.warn : console.log;
  if (error === undefined) write(message);
  else write(message, error);
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
};

/** Sends every entry to `next` from now on; returns the sink it replaced, to restore or to pass entries on to. */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}
