// Catalogue matching on PostgreSQL: the styles and prompts whose text has every query word as a word prefix, over the
// GIN full-text indexes of drizzle/pg/0002_search.sql; the same rows as the FTS5 queries of src/db/search.ts, which
// orders them under the "C" collation (byte order, as SQLite compares text) on PostgreSQL.
import { Fragment } from "./sql-text";

/**
 * The condition "`column` has every word as a word prefix", in the form the expression indexes serve. `words` are
 * queryWords() output: letters and digits only, at least one.
 */
export function pgCatalogueMatch(column: "phrase" | "text", words: readonly string[]): Fragment {
  return new Fragment(`gallery_search_vector(${column}) @@ gallery_search_prefixes(?)`, [[...words]]);
}
