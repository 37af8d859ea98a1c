// Catalogue matching on PostgreSQL: the styles and prompts whose text has every query word as a word prefix, over the
// GIN full-text indexes of drizzle/pg/0002_search.sql; the same rows, in the same order, as the FTS5 queries of
// src/features/gallery/search.ts (ORDER BY under the "C" collation: byte order, as SQLite compares text).
import type { SQL } from "bun";

/** `words` are queryWords() output: letters and digits only, at least one. */
export async function matchingStylesPg(sql: SQL, words: readonly string[]): Promise<{ id: number; slug: string; phrase: string }[]> {
  const rows: { id: number; slug: string; phrase: string }[] = await sql`
    SELECT id, slug, phrase FROM styles
    WHERE public_count > 0 AND gallery_search_vector(phrase) @@ gallery_search_prefixes(${sql.array([...words], "TEXT")})
    ORDER BY slug COLLATE "C"`;
  return [...rows];
}

export async function matchingPromptsPg(sql: SQL, words: readonly string[]): Promise<string[]> {
  const rows: { text: string }[] = await sql`
    SELECT text FROM prompts
    WHERE public_count > 0 AND gallery_search_vector(text) @@ gallery_search_prefixes(${sql.array([...words], "TEXT")})
    ORDER BY text COLLATE "C"`;
  return rows.map((row) => row.text);
}
