// Captures the log entries a test causes on purpose, so a passing run prints nothing and the test can assert them.
import { setLogSink, type LogEntry } from "../../src/log";

function describeEntry(entry: LogEntry): string {
  const cause = entry.error instanceof Error ? entry.error.message : entry.error === undefined ? "" : String(entry.error);
  return cause ? `${entry.message} ${cause}` : entry.message;
}

export interface CapturedLogs {
  /** The entries that matched, in order: message plus the error's message, as one string each. */
  readonly lines: string[];
  readonly entries: LogEntry[];
  restore(): void;
  [Symbol.dispose](): void;
}

/**
 * Entries whose message (or error message) matches one of `expected` are kept out of the output and recorded;
 * every other entry still reaches the console, so an error nobody expected stays visible.
 * `using logs = captureLogs(/…/)` restores the previous sink at the end of the block.
 */
export function captureLogs(...expected: RegExp[]): CapturedLogs {
  const entries: LogEntry[] = [];
  const lines: string[] = [];
  const previous = setLogSink((entry) => {
    const line = describeEntry(entry);
    if (!expected.some((pattern) => pattern.test(line))) return previous(entry);
    entries.push(entry);
    lines.push(line);
  });
  const restore = () => void setLogSink(previous);
  return { entries, lines, restore, [Symbol.dispose]: restore };
}
