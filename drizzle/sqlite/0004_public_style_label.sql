-- Hand-written: a style's public label comes from public renders only. It is the phrase of the style's
-- earliest render in gallery order: set when the style gets its first public render, kept while later
-- ones are published, and re-read from the remaining public renders when one is unpublished. Before,
-- the first writer's spelling stuck, so a private run's wording became the public listing's text.
DROP TRIGGER renders_publish_on_insert;
--> statement-breakpoint
DROP TRIGGER renders_publish_on_update;
--> statement-breakpoint
DROP TRIGGER renders_unpublish_on_update;
--> statement-breakpoint
DROP TRIGGER renders_unpublish_on_delete;
--> statement-breakpoint
CREATE TRIGGER renders_publish_on_insert AFTER INSERT ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 BEGIN
  UPDATE gallery_state SET version = version + 1, last_gallery_seq = last_gallery_seq + 1 WHERE id = 1;
  UPDATE renders SET gallery_seq = (SELECT last_gallery_seq FROM gallery_state WHERE id = 1) WHERE seq = NEW.seq;
  INSERT INTO styles (slug, phrase, public_count) VALUES (NEW.style_slug, NEW.style_phrase, 1)
    ON CONFLICT(slug) DO UPDATE SET public_count = public_count + 1,
      phrase = CASE WHEN public_count = 0 THEN excluded.phrase ELSE phrase END;
END;
--> statement-breakpoint
CREATE TRIGGER renders_publish_on_update AFTER UPDATE OF status, visibility, nsfw ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.gallery_seq IS NULL BEGIN
  UPDATE gallery_state SET version = version + 1, last_gallery_seq = last_gallery_seq + 1 WHERE id = 1;
  UPDATE renders SET gallery_seq = (SELECT last_gallery_seq FROM gallery_state WHERE id = 1) WHERE seq = NEW.seq;
  INSERT INTO styles (slug, phrase, public_count) VALUES (NEW.style_slug, NEW.style_phrase, 1)
    ON CONFLICT(slug) DO UPDATE SET public_count = public_count + 1,
      phrase = CASE WHEN public_count = 0 THEN excluded.phrase ELSE phrase END;
END;
--> statement-breakpoint
CREATE TRIGGER renders_unpublish_on_update AFTER UPDATE OF status, visibility, nsfw ON renders
WHEN NOT (NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0) AND OLD.gallery_seq IS NOT NULL BEGIN
  UPDATE renders SET gallery_seq = NULL WHERE seq = NEW.seq;
  UPDATE styles SET public_count = public_count - 1,
    phrase = coalesce((SELECT style_phrase FROM renders WHERE style_slug = NEW.style_slug AND gallery_seq IS NOT NULL ORDER BY gallery_seq LIMIT 1), phrase)
  WHERE slug = NEW.style_slug;
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER renders_unpublish_on_delete AFTER DELETE ON renders
WHEN OLD.gallery_seq IS NOT NULL BEGIN
  UPDATE styles SET public_count = public_count - 1,
    phrase = coalesce((SELECT style_phrase FROM renders WHERE style_slug = OLD.style_slug AND gallery_seq IS NOT NULL ORDER BY gallery_seq LIMIT 1), phrase)
  WHERE slug = OLD.style_slug;
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
UPDATE styles SET phrase = (
  SELECT style_phrase FROM renders WHERE style_slug = styles.slug AND gallery_seq IS NOT NULL ORDER BY gallery_seq LIMIT 1)
WHERE public_count > 0 AND phrase IS NOT (
  SELECT style_phrase FROM renders WHERE style_slug = styles.slug AND gallery_seq IS NOT NULL ORDER BY gallery_seq LIMIT 1);
