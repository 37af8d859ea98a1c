-- Hand-written: NOTIFY instead of polling. `render_queue` tells idle workers that a render may be claimable (one was
-- queued or put back, or a running one ended and freed a provider slot); `gallery_changed` carries the new gallery
-- version to every process's response cache. Notifications are sent at commit, one per channel and payload per
-- transaction, and never for a rolled-back change.
CREATE FUNCTION renders_wake_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('render_queue', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER renders_wake_queue_on_insert AFTER INSERT ON renders
  FOR EACH ROW WHEN (NEW.status = 'pending')
  EXECUTE FUNCTION renders_wake_queue();
--> statement-breakpoint
CREATE TRIGGER renders_wake_queue_on_update AFTER UPDATE OF status ON renders
  FOR EACH ROW WHEN ((NEW.status = 'pending' AND OLD.status <> 'pending') OR (OLD.status = 'running' AND NEW.status <> 'running'))
  EXECUTE FUNCTION renders_wake_queue();
--> statement-breakpoint
CREATE FUNCTION gallery_state_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gallery_changed', NEW.version::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER gallery_state_announce AFTER UPDATE OF version ON gallery_state
  FOR EACH ROW WHEN (NEW.version IS DISTINCT FROM OLD.version)
  EXECUTE FUNCTION gallery_state_announce();
