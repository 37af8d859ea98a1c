-- Hand-written: a render hidden by a moderator (hidden_at set) is unpublished like an nsfw or superseded one, so it
-- leaves gallery order, the style and prompt catalogues and every cached page (gallery_state.version) at once;
-- restoring it publishes it again. The update and delete triggers of 0010 recreated with `hidden_at IS NULL` as
-- part of "published" (a render is never inserted hidden, so the insert triggers stay as they are).
DROP TRIGGER renders_publish_on_update;
--> statement-breakpoint
CREATE TRIGGER renders_publish_on_update AFTER UPDATE OF status, visibility, nsfw, superseded, hidden_at ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.superseded = 0 AND NEW.hidden_at IS NULL
  AND NEW.gallery_seq IS NULL BEGIN
  UPDATE gallery_state SET version = version + 1, last_gallery_seq = last_gallery_seq + 1 WHERE id = 1;
  UPDATE renders SET gallery_seq = (SELECT last_gallery_seq FROM gallery_state WHERE id = 1) WHERE seq = NEW.seq;
  INSERT INTO styles (slug, phrase, public_count) VALUES (NEW.style_slug, NEW.style_phrase, 1)
    ON CONFLICT(slug) DO UPDATE SET public_count = public_count + 1,
      phrase = CASE WHEN public_count = 0 THEN excluded.phrase ELSE phrase END;
END;
--> statement-breakpoint
DROP TRIGGER renders_unpublish_on_update;
--> statement-breakpoint
CREATE TRIGGER renders_unpublish_on_update AFTER UPDATE OF status, visibility, nsfw, superseded, hidden_at ON renders
WHEN NOT (NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.superseded = 0 AND NEW.hidden_at IS NULL)
  AND OLD.gallery_seq IS NOT NULL BEGIN
  UPDATE renders SET gallery_seq = NULL WHERE seq = NEW.seq;
  UPDATE styles SET public_count = public_count - 1,
    phrase = coalesce((SELECT style_phrase FROM renders WHERE style_slug = NEW.style_slug AND gallery_seq IS NOT NULL ORDER BY gallery_seq LIMIT 1), phrase)
  WHERE slug = NEW.style_slug;
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
DROP TRIGGER prompts_publish_on_update;
--> statement-breakpoint
CREATE TRIGGER prompts_publish_on_update AFTER UPDATE OF status, visibility, nsfw, superseded, hidden_at ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.superseded = 0 AND NEW.hidden_at IS NULL
  AND NOT (OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0 AND OLD.superseded = 0 AND OLD.hidden_at IS NULL) BEGIN
  INSERT INTO prompts (text, public_count) VALUES (NEW.base_prompt, 1)
    ON CONFLICT(text) DO UPDATE SET public_count = public_count + 1;
END;
--> statement-breakpoint
DROP TRIGGER prompts_unpublish_on_update;
--> statement-breakpoint
CREATE TRIGGER prompts_unpublish_on_update AFTER UPDATE OF status, visibility, nsfw, superseded, hidden_at ON renders
WHEN OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0 AND OLD.superseded = 0 AND OLD.hidden_at IS NULL
  AND NOT (NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.superseded = 0 AND NEW.hidden_at IS NULL) BEGIN
  UPDATE prompts SET public_count = public_count - 1 WHERE text = OLD.base_prompt;
END;
--> statement-breakpoint
DROP TRIGGER prompts_unpublish_on_delete;
--> statement-breakpoint
CREATE TRIGGER prompts_unpublish_on_delete AFTER DELETE ON renders
WHEN OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0 AND OLD.superseded = 0 AND OLD.hidden_at IS NULL BEGIN
  UPDATE prompts SET public_count = public_count - 1 WHERE text = OLD.base_prompt;
END;
