-- Hand-written: a no-style baseline render (empty style phrase and slug, rendered only to measure style strength)
-- is never a style, so it gets no row in the style catalogue (nor in its search index).
DROP TRIGGER renders_catalogue_style;
--> statement-breakpoint
CREATE TRIGGER renders_catalogue_style AFTER INSERT ON renders WHEN NEW.style_slug != '' BEGIN
  INSERT INTO styles (slug, phrase) VALUES (NEW.style_slug, NEW.style_phrase) ON CONFLICT(slug) DO NOTHING;
END;
