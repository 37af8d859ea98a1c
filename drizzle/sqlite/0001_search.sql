-- Hand-written: the style catalogue's full-text index and the triggers that keep the catalogue,
-- gallery positions and the gallery version in step with renders. Trigger order is not guaranteed,
-- so each publishing trigger upserts its style rather than relying on renders_catalogue_style. "Published" means done, public, not nsfw.
INSERT INTO gallery_state (id, version, last_gallery_seq) VALUES (1, 0, 0);
--> statement-breakpoint
CREATE VIRTUAL TABLE styles_fts USING fts5(phrase, content='styles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER styles_fts_insert AFTER INSERT ON styles BEGIN
  INSERT INTO styles_fts(rowid, phrase) VALUES (NEW.id, NEW.phrase);
END;
--> statement-breakpoint
CREATE TRIGGER styles_fts_delete AFTER DELETE ON styles BEGIN
  INSERT INTO styles_fts(styles_fts, rowid, phrase) VALUES ('delete', OLD.id, OLD.phrase);
END;
--> statement-breakpoint
CREATE TRIGGER styles_fts_update AFTER UPDATE OF phrase ON styles BEGIN
  INSERT INTO styles_fts(styles_fts, rowid, phrase) VALUES ('delete', OLD.id, OLD.phrase);
  INSERT INTO styles_fts(rowid, phrase) VALUES (NEW.id, NEW.phrase);
END;
--> statement-breakpoint
CREATE TRIGGER renders_catalogue_style AFTER INSERT ON renders BEGIN
  INSERT INTO styles (slug, phrase) VALUES (NEW.style_slug, NEW.style_phrase) ON CONFLICT(slug) DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER renders_publish_on_insert AFTER INSERT ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 BEGIN
  UPDATE gallery_state SET version = version + 1, last_gallery_seq = last_gallery_seq + 1 WHERE id = 1;
  UPDATE renders SET gallery_seq = (SELECT last_gallery_seq FROM gallery_state WHERE id = 1) WHERE seq = NEW.seq;
  INSERT INTO styles (slug, phrase, public_count) VALUES (NEW.style_slug, NEW.style_phrase, 1)
    ON CONFLICT(slug) DO UPDATE SET public_count = public_count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER renders_publish_on_update AFTER UPDATE OF status, visibility, nsfw ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 AND NEW.gallery_seq IS NULL BEGIN
  UPDATE gallery_state SET version = version + 1, last_gallery_seq = last_gallery_seq + 1 WHERE id = 1;
  UPDATE renders SET gallery_seq = (SELECT last_gallery_seq FROM gallery_state WHERE id = 1) WHERE seq = NEW.seq;
  INSERT INTO styles (slug, phrase, public_count) VALUES (NEW.style_slug, NEW.style_phrase, 1)
    ON CONFLICT(slug) DO UPDATE SET public_count = public_count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER renders_unpublish_on_update AFTER UPDATE OF status, visibility, nsfw ON renders
WHEN NOT (NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0) AND OLD.gallery_seq IS NOT NULL BEGIN
  UPDATE renders SET gallery_seq = NULL WHERE seq = NEW.seq;
  UPDATE styles SET public_count = public_count - 1 WHERE slug = NEW.style_slug;
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER renders_unpublish_on_delete AFTER DELETE ON renders
WHEN OLD.gallery_seq IS NOT NULL BEGIN
  UPDATE styles SET public_count = public_count - 1 WHERE slug = OLD.style_slug;
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER renders_curation_changed AFTER UPDATE OF curated_rank ON renders
WHEN NEW.gallery_seq IS NOT NULL BEGIN
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
