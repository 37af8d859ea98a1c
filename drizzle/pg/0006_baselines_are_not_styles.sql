-- Hand-written, as SQLite's 0016: a no-style baseline render gets no row in the style catalogue.
CREATE OR REPLACE FUNCTION renders_catalogue_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A no-style baseline (empty slug, rendered only to measure style strength) is never a style.
  IF NEW.style_slug <> '' THEN
    INSERT INTO styles (slug, phrase) VALUES (NEW.style_slug, NEW.style_phrase) ON CONFLICT (slug) DO NOTHING;
  END IF;
  IF NEW.gallery_seq IS NOT NULL THEN
    PERFORM styles_count_published(NEW.style_slug, NEW.style_phrase);
  END IF;
  IF NEW.status = 'done' AND NEW.visibility = 'public' AND NOT NEW.nsfw THEN
    PERFORM prompts_count_published(NEW.base_prompt);
  END IF;
  -- Public pages show queued cells filling in.
  IF NEW.visibility = 'public' AND NEW.status IN ('pending', 'running') THEN
    PERFORM gallery_version_bump();
  END IF;
  RETURN NULL;
END
$$;
