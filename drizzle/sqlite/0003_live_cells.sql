-- Hand-written: public pages show queued cells filling in, so queuing a public render and a public
-- render failing both change what the pages show (the gallery version).
CREATE TRIGGER renders_public_queued AFTER INSERT ON renders
WHEN NEW.visibility = 'public' AND NEW.status IN ('pending', 'running') BEGIN
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER renders_public_failed AFTER UPDATE OF status ON renders
WHEN NEW.status = 'failed' AND OLD.status != 'failed' AND NEW.visibility = 'public' BEGIN
  UPDATE gallery_state SET version = version + 1 WHERE id = 1;
END;
