-- Hand-written: the prompt catalogue's full-text index and the triggers that keep `prompts` in step with
-- renders, beside the style catalogue of 0001_search.sql. Only published renders (done, public, not nsfw)
-- enter it, so a private prompt never becomes searchable text. Conditions use OLD/NEW states rather than
-- gallery_seq, which another trigger of the same statement may already have changed.
CREATE VIRTUAL TABLE prompts_fts USING fts5(text, content='prompts', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER prompts_fts_insert AFTER INSERT ON prompts BEGIN
  INSERT INTO prompts_fts(rowid, text) VALUES (NEW.id, NEW.text);
END;
--> statement-breakpoint
CREATE TRIGGER prompts_fts_delete AFTER DELETE ON prompts BEGIN
  INSERT INTO prompts_fts(prompts_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
--> statement-breakpoint
CREATE TRIGGER prompts_fts_update AFTER UPDATE OF text ON prompts BEGIN
  INSERT INTO prompts_fts(prompts_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
  INSERT INTO prompts_fts(rowid, text) VALUES (NEW.id, NEW.text);
END;
--> statement-breakpoint
CREATE TRIGGER prompts_publish_on_insert AFTER INSERT ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0 BEGIN
  INSERT INTO prompts (text, public_count) VALUES (NEW.base_prompt, 1)
    ON CONFLICT(text) DO UPDATE SET public_count = public_count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER prompts_publish_on_update AFTER UPDATE OF status, visibility, nsfw ON renders
WHEN NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0
  AND NOT (OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0) BEGIN
  INSERT INTO prompts (text, public_count) VALUES (NEW.base_prompt, 1)
    ON CONFLICT(text) DO UPDATE SET public_count = public_count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER prompts_unpublish_on_update AFTER UPDATE OF status, visibility, nsfw ON renders
WHEN OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0
  AND NOT (NEW.status = 'done' AND NEW.visibility = 'public' AND NEW.nsfw = 0) BEGIN
  UPDATE prompts SET public_count = public_count - 1 WHERE text = OLD.base_prompt;
END;
--> statement-breakpoint
CREATE TRIGGER prompts_unpublish_on_delete AFTER DELETE ON renders
WHEN OLD.status = 'done' AND OLD.visibility = 'public' AND OLD.nsfw = 0 BEGIN
  UPDATE prompts SET public_count = public_count - 1 WHERE text = OLD.base_prompt;
END;
--> statement-breakpoint
INSERT INTO prompts (text, public_count)
  SELECT base_prompt, count(*) FROM renders WHERE gallery_seq IS NOT NULL GROUP BY base_prompt;
