-- Hand-written: the PostgreSQL form of the SQLite triggers (drizzle/0001, 0002, 0004, 0006, 0009, 0010, 0012 as they
-- stand after 0012) that keep gallery positions, the gallery version and the style and prompt catalogues in step with
-- renders. Gallery positions are set in BEFORE triggers (the row is written once); the catalogues and the version
-- follow in AFTER triggers, which see the row as written. tests/db/pg-catalogue.test.ts replays one history on both
-- databases and compares the outcome. "Published" means done, public, not nsfw (and, on update and delete, neither
-- superseded nor hidden by a moderator: a render is never inserted hidden).
INSERT INTO gallery_state (id, version, last_gallery_seq) VALUES (1, 0, 0);
--> statement-breakpoint
CREATE FUNCTION gallery_next_seq() RETURNS integer LANGUAGE sql AS $$
  UPDATE gallery_state SET version = version + 1, last_gallery_seq = last_gallery_seq + 1 WHERE id = 1 RETURNING last_gallery_seq
$$;
--> statement-breakpoint
CREATE FUNCTION gallery_version_bump() RETURNS void LANGUAGE sql AS $$
  UPDATE gallery_state SET version = version + 1 WHERE id = 1
$$;
--> statement-breakpoint
-- A style's public label is the phrase of its earliest public render, set when its first public render arrives.
CREATE FUNCTION styles_count_published(slug_ text, phrase_ text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO styles (slug, phrase, public_count) VALUES (slug_, phrase_, 1)
    ON CONFLICT (slug) DO UPDATE SET public_count = styles.public_count + 1,
      phrase = CASE WHEN styles.public_count = 0 THEN excluded.phrase ELSE styles.phrase END
$$;
--> statement-breakpoint
CREATE FUNCTION styles_count_unpublished(slug_ text) RETURNS void LANGUAGE sql AS $$
  UPDATE styles SET public_count = public_count - 1,
    phrase = coalesce((SELECT style_phrase FROM renders WHERE style_slug = slug_ AND gallery_seq IS NOT NULL ORDER BY gallery_seq LIMIT 1), phrase)
  WHERE slug = slug_
$$;
--> statement-breakpoint
CREATE FUNCTION prompts_count_published(text_ text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO prompts (text, public_count) VALUES (text_, 1)
    ON CONFLICT (text) DO UPDATE SET public_count = prompts.public_count + 1
$$;
--> statement-breakpoint
CREATE FUNCTION prompts_count_unpublished(text_ text) RETURNS void LANGUAGE sql AS $$
  UPDATE prompts SET public_count = public_count - 1 WHERE text = text_
$$;
--> statement-breakpoint
CREATE FUNCTION renders_place_in_gallery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'done' AND NEW.visibility = 'public' AND NOT NEW.nsfw THEN
      NEW.gallery_seq := gallery_next_seq();
    END IF;
  ELSIF NEW.status = 'done' AND NEW.visibility = 'public' AND NOT NEW.nsfw AND NOT NEW.superseded AND NEW.hidden_at IS NULL THEN
    IF NEW.gallery_seq IS NULL THEN
      NEW.gallery_seq := gallery_next_seq();
    END IF;
  ELSIF OLD.gallery_seq IS NOT NULL THEN
    NEW.gallery_seq := NULL;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER renders_place_in_gallery_on_insert BEFORE INSERT ON renders
  FOR EACH ROW EXECUTE FUNCTION renders_place_in_gallery();
--> statement-breakpoint
CREATE TRIGGER renders_place_in_gallery_on_update BEFORE UPDATE OF status, visibility, nsfw, superseded, hidden_at ON renders
  FOR EACH ROW EXECUTE FUNCTION renders_place_in_gallery();
--> statement-breakpoint
CREATE FUNCTION renders_catalogue_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO styles (slug, phrase) VALUES (NEW.style_slug, NEW.style_phrase) ON CONFLICT (slug) DO NOTHING;
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
--> statement-breakpoint
CREATE TRIGGER renders_catalogue_after_insert AFTER INSERT ON renders
  FOR EACH ROW EXECUTE FUNCTION renders_catalogue_after_insert();
--> statement-breakpoint
CREATE FUNCTION renders_catalogue_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_published boolean := OLD.status = 'done' AND OLD.visibility = 'public' AND NOT OLD.nsfw AND NOT OLD.superseded AND OLD.hidden_at IS NULL;
  is_published boolean := NEW.status = 'done' AND NEW.visibility = 'public' AND NOT NEW.nsfw AND NOT NEW.superseded AND NEW.hidden_at IS NULL;
BEGIN
  IF OLD.gallery_seq IS NULL AND NEW.gallery_seq IS NOT NULL THEN
    PERFORM styles_count_published(NEW.style_slug, NEW.style_phrase);
  ELSIF OLD.gallery_seq IS NOT NULL AND NEW.gallery_seq IS NULL THEN
    PERFORM styles_count_unpublished(NEW.style_slug);
    PERFORM gallery_version_bump();
  END IF;
  IF is_published AND NOT was_published THEN
    PERFORM prompts_count_published(NEW.base_prompt);
  ELSIF was_published AND NOT is_published THEN
    PERFORM prompts_count_unpublished(OLD.base_prompt);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER renders_catalogue_after_update AFTER UPDATE OF status, visibility, nsfw, superseded, hidden_at ON renders
  FOR EACH ROW EXECUTE FUNCTION renders_catalogue_after_update();
--> statement-breakpoint
CREATE FUNCTION renders_catalogue_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.gallery_seq IS NOT NULL THEN
    PERFORM styles_count_unpublished(OLD.style_slug);
    PERFORM gallery_version_bump();
  END IF;
  IF OLD.status = 'done' AND OLD.visibility = 'public' AND NOT OLD.nsfw AND NOT OLD.superseded AND OLD.hidden_at IS NULL THEN
    PERFORM prompts_count_unpublished(OLD.base_prompt);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER renders_catalogue_after_delete AFTER DELETE ON renders
  FOR EACH ROW EXECUTE FUNCTION renders_catalogue_after_delete();
--> statement-breakpoint
-- A public render failing changes what the pages show; so does a published render's curation.
CREATE FUNCTION renders_gallery_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM gallery_version_bump();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER renders_public_failed AFTER UPDATE OF status ON renders
  FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status <> 'failed' AND NEW.visibility = 'public')
  EXECUTE FUNCTION renders_gallery_version_bump();
--> statement-breakpoint
CREATE TRIGGER renders_curation_changed AFTER UPDATE OF curated_rank ON renders
  FOR EACH ROW WHEN (NEW.gallery_seq IS NOT NULL)
  EXECUTE FUNCTION renders_gallery_version_bump();
--> statement-breakpoint
-- A version that is done supersedes the one it re-renders (whose update then runs the triggers above).
CREATE FUNCTION renders_supersede_previous_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE renders SET superseded = true WHERE id = NEW.previous_version_id AND NOT superseded;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER renders_supersede_previous_version AFTER UPDATE OF status ON renders
  FOR EACH ROW WHEN (NEW.status = 'done' AND OLD.status <> 'done' AND NEW.previous_version_id IS NOT NULL)
  EXECUTE FUNCTION renders_supersede_previous_version();
