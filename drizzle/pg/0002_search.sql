-- Hand-written: full-text search over the style and prompt catalogues, the PostgreSQL form of the FTS5 indexes of
-- drizzle/0001_search.sql and 0006_prompt_search.sql (tokenize='unicode61 remove_diacritics 2', prefix terms).
-- Text is unaccented, lowercased and split on anything that is not a letter or digit, as unicode61 splits it; a query
-- is every word as a required prefix. GIN expression indexes over the catalogue columns serve `@@`, so no extra
-- column is kept. Letters outside ASCII are classified by the database's locale: use a UTF-8 one (C.UTF-8,
-- en_US.UTF-8), as the test clusters and the compose file do.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- IMMUTABLE by promise (unaccent with a named dictionary does not change under us), so it may back an index.
CREATE FUNCTION gallery_search_words(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(regexp_replace(public.unaccent('public.unaccent'::regdictionary, body), '[^[:alnum:]]+', ' ', 'g'))
$$;
--> statement-breakpoint
CREATE FUNCTION gallery_search_vector(body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT to_tsvector('simple'::regconfig, public.gallery_search_words(body))
$$;
--> statement-breakpoint
-- Every word a required prefix ('word':* & …); words that clean to nothing are dropped; no words at all gives NULL,
-- which matches nothing.
CREATE FUNCTION gallery_search_prefixes(words text[]) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT to_tsquery('simple'::regconfig, string_agg(quote_literal(part) || ':*', ' & '))
    FROM unnest(words) AS word, regexp_split_to_table(trim(public.gallery_search_words(word)), ' +') AS part
   WHERE part <> ''
$$;
--> statement-breakpoint
CREATE INDEX styles_search_idx ON styles USING gin (gallery_search_vector(phrase));
--> statement-breakpoint
CREATE INDEX prompts_search_idx ON prompts USING gin (gallery_search_vector(text));
