// Text from clients is cleaned once, where the body is read: no control characters (tab and line breaks stay),
// no bidirectional overrides, no zero-width characters, so prompts and style phrases print as they read.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function cleanText(text: string): string {
  return text.replace(INVISIBLE, "");
}

/** Cleans every string in a parsed body (objects and arrays, a few levels deep); files and numbers pass unchanged. */
export function cleanStrings(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return cleanText(value);
  if (depth > 4 || value === null || typeof value !== "object" || value instanceof Blob) return value;
  if (Array.isArray(value)) return value.map((item) => cleanStrings(item, depth + 1));
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = cleanStrings(record[key], depth + 1);
  return record;
}
