-- Hand-written: a superseded version (a newer version of its cell is done) leaves the public gallery like an
-- unpublished render — no gallery_seq, not counted in styles or prompts — while staying reachable at /r/:id.
-- The publishing triggers of 0004/0006 are recreated with `superseded = 0` as part of "published".
DROP TRIGGER renders_publish_on_update;
--> statement-breakpoint
CREATE TRIGGER renders_publish_on_update AFTER UPDATE OF status, visibility, nsfw, superseded ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.superseded = 0 AND NEW.gallery_seq IS NULL BEGIN
  UPDATE gallery_state SET version = version + 1, last_gallery_seq = last_gallery_seq + 1 WHERE id = 1;
  UPDATE renders SET gallery_seq = (SELECT last_gallery_seq FROM gallery_state WHERE id = 1) WHERE seq = NEW.seq;
  INSERT INTO styles (slug, phrase, public_count) VALUES (NEW.style_slug, NEW.style_phrase, 1)
    ON CONFLICT(slug) DO UPDATE SET public_count = public_count + 1,
      phrase = CASE WHEN public_count = 0 THEN excluded.phrase ELSE phrase END;
END;
--> statement-breakpoint
DROP TRIGGER renders_unpublish_on_update;
--> statement-breakpoint
CREATE TRIGGER renders_unpublish_on_update AFTER UPDATE OF status, visibility, nsfw, superseded ON renders
WHEN NOT (NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.superseded = 0) AND OLD.gallery_seq IS NOT NULL BEGIN
  UPDATE renders SET gallery_seq = NULL WHERE seq = NEW.seq;
  UPDATE styles SET public_count = public_count - 1,
    phrase = coalesce((SELECT style_phrase FROM renders WHERE style_slug = NEW.style_slug AND gallery_seq IS NOT NULL ORDER BY gallery_seq LIMIT 1), phrase)
  WHERE slug = NEW.style_slug;
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
DROP TRIGGER prompts_publish_on_update;
--> statement-breakpoint
CREATE TRIGGER prompts_publish_on_update AFTER UPDATE OF status, visibility, nsfw, superseded ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.superseded = 0
  AND NOT (OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0 AND OLD.superseded = 0) BEGIN
  INSERT INTO prompts (text, public_count) VALUES (NEW.base_prompt, 1)
    ON CONFLICT(text) DO UPDATE SET public_count = public_count + 1;
END;
--> statement-breakpoint
DROP TRIGGER prompts_unpublish_on_update;
--> statement-breakpoint
CREATE TRIGGER prompts_unpublish_on_update AFTER UPDATE OF status, visibility, nsfw, superseded ON renders
WHEN OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0 AND OLD.superseded = 0
  AND NOT (NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.superseded = 0) BEGIN
  UPDATE prompts SET public_count = public_count - 1 WHERE text = OLD.base_prompt;
END;
--> statement-breakpoint
DROP TRIGGER prompts_unpublish_on_delete;
--> statement-breakpoint
CREATE TRIGGER prompts_unpublish_on_delete AFTER DELETE ON renders
WHEN OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0 AND OLD.superseded = 0 BEGIN
  UPDATE prompts SET public_count = public_count - 1 WHERE text = OLD.base_prompt;
END;
--> statement-breakpoint
-- A version that is done supersedes the one it re-renders (whose update then runs the unpublish triggers).
CREATE TRIGGER renders_supersede_previous_version AFTER UPDATE OF status ON renders
WHEN NEW.status = 'done' AND OLD.status != 'done' AND NEW.previous_version_id IS NOT NULL BEGIN
  UPDATE renders SET superseded = 1 WHERE id = NEW.previous_version_id AND superseded = 0;
END;
