// What a query's words match in the style and prompt catalogues, kept while the gallery version stands. Matching is
// most of an uncached search's database time at scale (1M renders, 2,000 styles: 1.3 of 2.1 ms a search), and
// its answer moves only when a catalogue entry gains or loses its last public render, which bumps the version.
// The renders themselves, their counts and the snapshot are still read on every search, in its own transaction.
//
// On bun:sqlite only: there the version is read synchronously, and this process's own writes show at once (others'
// within MAX_STALE_MS). PostgreSQL's version follower hears of a write a moment after it commits, and a search right
// after a publish must find it, so there matching runs on the GIN indexes every time.
import type { Data } from "../../db/data";
import type { SearchMatches } from "../../db/search";
import { galleryVersionSource } from "../../http/gallery-version-source";

const KEPT_QUERIES = 1000;

interface Kept {
  readVersion: () => number;
  version: number;
  byWords: Map<string, SearchMatches>;
}

const kept = new WeakMap<Data, Kept>();

export interface CatalogueMatches {
  /** The matches found for `words` at the current version, if any. */
  find(words: readonly string[]): SearchMatches | undefined;
  /** Keeps `matches` if the version they were read at is still the current one. */
  keep(words: readonly string[], matches: SearchMatches): void;
}

const NOTHING_KEPT: CatalogueMatches = { find: () => undefined, keep: () => {} };

/** The kept matches of `data` as of now: read the version once, before the search's transaction. */
export function catalogueMatches(data: Data): CatalogueMatches {
  if (data.dialect !== "sqlite") return NOTHING_KEPT;
  let state = kept.get(data);
  if (!state) kept.set(data, (state = { readVersion: galleryVersionSource(data), version: -1, byWords: new Map() }));
  const current = state;
  const version = current.readVersion();
  if (version !== current.version) {
    current.byWords.clear();
    current.version = version;
  }
  const key = (words: readonly string[]) => words.join(" ");
  return {
    find: (words) => current.byWords.get(key(words)),
    keep(words, matches) {
      // A write between the read and now may have changed what matches: keep nothing rather than a stale set.
      if (current.readVersion() !== version) return;
      if (current.byWords.size >= KEPT_QUERIES) current.byWords.delete(current.byWords.keys().next().value!);
      current.byWords.set(key(words), matches);
    },
  };
}
