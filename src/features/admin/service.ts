// Moderation: hiding and restoring renders, visitors' reports, the queue an admin works from, and the audit log.
import type { Database } from "bun:sqlite";
import type { RawRow } from "../../db/raw-row";
import type { renders, users } from "../../db/schema";
import { recordAdminAction } from "./audit";

export const REPORT_REASONS = ["spam", "nsfw", "copyright", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export class ModerationError extends Error {
  constructor(readonly status: 404 | 409, message: string) {
    super(message);
  }
}

function renderExists(sqlite: Database, id: string): boolean {
  return sqlite.query("SELECT 1 FROM renders WHERE id = ?").get(id) !== null;
}

/**
 * Hides a render from everyone but its owner. The publishing triggers unpublish it (catalogue counts, gallery
 * order, gallery_state.version, so every cached page is rebuilt); its open reports are settled; the action is logged.
 */
export function hideRender(sqlite: Database, adminId: number, renderId: string, reason: string, now = Date.now()): void {
  sqlite.transaction(() => {
    const changed = sqlite
      .query("UPDATE renders SET hidden_at = ?, hidden_reason = ? WHERE id = ? AND hidden_at IS NULL")
      .run(now, reason, renderId).changes;
    if (changed === 0) {
      if (!renderExists(sqlite, renderId)) throw new ModerationError(404, "No render has that id.");
      throw new ModerationError(409, "That render is already hidden.");
    }
    sqlite.query("UPDATE render_reports SET resolved_at = ? WHERE render_id = ? AND resolved_at IS NULL").run(now, renderId);
    recordAdminAction(sqlite, adminId, "hide", renderId, reason);
  })();
}

export function restoreRender(sqlite: Database, adminId: number, renderId: string, reason: string | null): void {
  sqlite.transaction(() => {
    const changed = sqlite
      .query("UPDATE renders SET hidden_at = NULL, hidden_reason = NULL WHERE id = ? AND hidden_at IS NOT NULL")
      .run(renderId).changes;
    if (changed === 0) {
      if (!renderExists(sqlite, renderId)) throw new ModerationError(404, "No render has that id.");
      throw new ModerationError(409, "That render is not hidden.");
    }
    recordAdminAction(sqlite, adminId, "restore", renderId, reason);
  })();
}

/**
 * A visitor's report of a render anyone may see. Returns false when this visitor already has an open report
 * of it (the partial unique index decides, so parallel posts cannot make two).
 */
export function reportRender(sqlite: Database, renderId: string, visitor: { key: string; userId: number | null }, reason: ReportReason): boolean {
  const visible = sqlite
    .query("SELECT 1 FROM renders WHERE id = ? AND gallery_seq IS NOT NULL")
    .get(renderId);
  if (!visible) throw new ModerationError(404, "That render doesn’t exist or isn’t public.");
  return (
    sqlite
      .query("INSERT OR IGNORE INTO render_reports (render_id, visitor_key, user_id, reason) VALUES (?, ?, ?, ?)")
      .run(renderId, visitor.key, visitor.userId, reason).changes === 1
  );
}

export type QueueItem = RawRow<typeof renders, "id" | "base_prompt" | "style_phrase" | "thumb_path" | "nsfw" | "hidden_at" | "hidden_reason" | "created_at"> & {
  /** Null when the LEFT JOIN finds no owner. */
  owner_email: RawRow<typeof users, "email">["email"] | null;
  // Aggregates over the render's open reports, which no schema column names: a count, and their reasons joined.
  open_reports: number;
  report_reasons: string | null;
};

const QUEUE_COLUMNS = `r.id, r.base_prompt, r.style_phrase, r.thumb_path, u.email AS owner_email, r.nsfw, r.hidden_at, r.hidden_reason,
  (SELECT count(*) FROM render_reports p WHERE p.render_id = r.id AND p.resolved_at IS NULL) AS open_reports,
  (SELECT group_concat(reason, ', ') FROM (SELECT DISTINCT reason FROM render_reports p WHERE p.render_id = r.id AND p.resolved_at IS NULL)) AS report_reasons,
  r.created_at`;

export interface ModerationQueue {
  reported: QueueItem[];
  flagged: QueueItem[];
  recent: QueueItem[];
  hidden: QueueItem[];
}

export function moderationQueue(sqlite: Database, limit = 50): ModerationQueue {
  const read = (where: string, order: string) =>
    sqlite
      .query<QueueItem, [number]>(`SELECT ${QUEUE_COLUMNS} FROM renders r LEFT JOIN users u ON u.id = r.user_id WHERE ${where} ORDER BY ${order} LIMIT ?`)
      .all(limit);
  return {
    reported: read("r.id IN (SELECT render_id FROM render_reports WHERE resolved_at IS NULL) AND r.hidden_at IS NULL", "open_reports DESC, r.seq DESC"),
    flagged: read("r.nsfw = 1 AND r.image_path IS NOT NULL AND r.hidden_at IS NULL", "r.seq DESC"),
    recent: read("r.gallery_seq IS NOT NULL", "r.gallery_seq DESC"),
    hidden: read("r.hidden_at IS NOT NULL", "r.hidden_at DESC"),
  };
}
