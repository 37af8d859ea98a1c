// Catalogue matching on PostgreSQL: the styles and prompts whose text has every query word as a word prefix, over the
// GIN full-text indexes of drizzle/pg/0002_search.sql; the same rows as the FTS5 queries of src/db/search.ts, which
// orders them under the "C" collation (byte order, as SQLite compares text) on PostgreSQL.
import { sql, type SQL } from "drizzle-orm";

/**
 * The condition "`column` has every word as a word prefix", in the form the expression indexes serve. `words` are
 * queryWords() output: letters and digits only, at least one.
 */
export function pgCatalogueMatch(column: SQL, words: readonly string[]): SQL {
  return sql`gallery_search_vector(${column}) @@ gallery_search_prefixes(${sql.param([...words])})`;
}
