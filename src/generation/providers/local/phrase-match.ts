// Finds keywords in prompts and style phrases as whole words, and ranks tables of them by where they occur.

const phrasePatterns = new Map<string, RegExp>();

/** Where `phrase` occurs in `text` as whole words (-1 if absent); used to rank keyword matches. */
export function containsPhrase(text: string, phrase: string): number {
  let pattern = phrasePatterns.get(phrase);
  if (!pattern) {
    pattern = new RegExp(`(^|[^a-z0-9])${phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z0-9])`);
    phrasePatterns.set(phrase, pattern);
  }
  const match = pattern.exec(text);
  return match ? match.index : -1;
}

export function normaliseText(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/\s+/g, " ").trim();
}

/**
 * The rows of `table` whose words occur in `text`, earliest first, each with the word found. A row
 * counts from its earliest word; rows found at the same place keep table order (sort is stable).
 */
export function rankMatches<T>(text: string, table: ReadonlyArray<readonly [T, readonly string[]]>): Array<{ value: T; word: string; at: number }> {
  const matches: Array<{ value: T; word: string; at: number }> = [];
  for (const [value, words] of table) {
    let best: { word: string; at: number } | undefined;
    for (const word of words) {
      const at = containsPhrase(text, word);
      if (at >= 0 && (!best || at < best.at)) best = { word, at };
    }
    if (best) matches.push({ value, ...best });
  }
  return matches.sort((a, b) => a.at - b.at);
}
