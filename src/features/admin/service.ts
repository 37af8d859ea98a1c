// Moderation: hiding and restoring renders, visitors' reports, the queue an admin works from, and the audit log.
import { and, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { run, transaction, type Data, type Tx } from "../../db/data";
import type { RawRow } from "../../db/raw-row";
import type { renders, users } from "../../db/schema";
import { recordAdminActionStep } from "./audit";

export const REPORT_REASONS = ["spam", "nsfw", "copyright", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export class ModerationError extends Error {
  constructor(readonly status: 404 | 409, message: string) {
    super(message);
  }
}

function* renderExists(tx: Tx, { renders }: Data["tables"], id: string) {
  const found = yield* run(tx.select({ id: renders.id }).from(renders).where(eq(renders.id, id)));
  return found.length > 0;
}

/**
 * Hides a render from everyone but its owner. The publishing triggers unpublish it (catalogue counts, gallery
 * order, gallery_state.version, so every cached page is rebuilt); its open reports are settled; the action is logged.
 */
export async function hideRender(data: Data, adminId: number, renderId: string, reason: string, now = Date.now()): Promise<void> {
  const { tables } = data;
  const { renders, renderReports } = tables;
  await transaction(data, function* (tx) {
    const changed = yield* run(
      tx
        .update(renders)
        .set({ hiddenAt: now, hiddenReason: reason })
        .where(and(eq(renders.id, renderId), isNull(renders.hiddenAt)))
        .returning({ id: renders.id }),
    );
    if (changed.length === 0) {
      if (!(yield* renderExists(tx, tables, renderId))) throw new ModerationError(404, "No render has that id.");
      throw new ModerationError(409, "That render is already hidden.");
    }
    yield* run(tx.update(renderReports).set({ resolvedAt: now }).where(and(eq(renderReports.renderId, renderId), isNull(renderReports.resolvedAt))));
    yield* recordAdminActionStep(tx, tables, adminId, "hide", renderId, reason);
  });
}

export async function restoreRender(data: Data, adminId: number, renderId: string, reason: string | null): Promise<void> {
  const { tables } = data;
  const { renders } = tables;
  await transaction(data, function* (tx) {
    const changed = yield* run(
      tx
        .update(renders)
        .set({ hiddenAt: null, hiddenReason: null })
        .where(and(eq(renders.id, renderId), isNotNull(renders.hiddenAt)))
        .returning({ id: renders.id }),
    );
    if (changed.length === 0) {
      if (!(yield* renderExists(tx, tables, renderId))) throw new ModerationError(404, "No render has that id.");
      throw new ModerationError(409, "That render is not hidden.");
    }
    yield* recordAdminActionStep(tx, tables, adminId, "restore", renderId, reason);
  });
}

/**
 * A visitor's report of a render anyone may see. Returns false when this visitor already has an open report
 * of it (the partial unique index decides, so parallel posts cannot make two).
 */
export async function reportRender(data: Data, renderId: string, visitor: { key: string; userId: number | null }, reason: ReportReason): Promise<boolean> {
  const { renders, renderReports } = data.tables;
  const [visible] = await data.db.select({ id: renders.id }).from(renders).where(and(eq(renders.id, renderId), isNotNull(renders.gallerySeq)));
  if (!visible) throw new ModerationError(404, "That render doesn’t exist or isn’t public.");
  const created = await data.db
    .insert(renderReports)
    .values({ renderId, visitorKey: visitor.key, userId: visitor.userId, reason })
    .onConflictDoNothing()
    .returning({ id: renderReports.id });
  return created.length === 1;
}

export type QueueItem = RawRow<typeof renders, "id" | "base_prompt" | "style_phrase" | "thumb_path" | "hidden_at" | "hidden_reason" | "created_at"> & {
  nsfw: boolean;
  /** Null when the LEFT JOIN finds no owner. */
  owner_email: RawRow<typeof users, "email">["email"] | null;
  // Aggregates over the render's open reports, which no schema column names: a count, and their reasons joined.
  open_reports: number;
  report_reasons: string | null;
};

export interface ModerationQueue {
  reported: QueueItem[];
  flagged: QueueItem[];
  recent: QueueItem[];
  hidden: QueueItem[];
}

export async function moderationQueue(data: Data, limit = 50): Promise<ModerationQueue> {
  const { renders, users, renderReports } = data.tables;
  const openReports = sql<number>`(SELECT CAST(count(*) AS integer) FROM render_reports p WHERE p.render_id = ${renders.id} AND p.resolved_at IS NULL)`;
  const joined = data.dialect === "sqlite" ? sql`group_concat(reason, ', ')` : sql`string_agg(reason, ', ')`;
  const reportReasons = sql<string | null>`(SELECT ${joined} FROM (SELECT DISTINCT reason FROM render_reports p WHERE p.render_id = ${renders.id} AND p.resolved_at IS NULL) d)`;
  const read = (where: SQL | undefined, ...order: SQL[]) =>
    data.db
      .select({
        id: renders.id,
        base_prompt: renders.basePrompt,
        style_phrase: renders.stylePhrase,
        thumb_path: renders.thumbPath,
        owner_email: users.email,
        nsfw: renders.nsfw,
        hidden_at: renders.hiddenAt,
        hidden_reason: renders.hiddenReason,
        open_reports: openReports.mapWith(Number),
        report_reasons: reportReasons,
        created_at: renders.createdAt,
      })
      .from(renders)
      .leftJoin(users, eq(users.id, renders.userId))
      .where(where)
      .orderBy(...order)
      .limit(limit);
  const openlyReported = data.db.select({ renderId: renderReports.renderId }).from(renderReports).where(isNull(renderReports.resolvedAt));
  const [reported, flagged, recent, hidden] = await Promise.all([
    read(and(inArray(renders.id, openlyReported), isNull(renders.hiddenAt)), desc(openReports), desc(renders.seq)),
    read(and(eq(renders.nsfw, true), isNotNull(renders.imagePath), isNull(renders.hiddenAt)), desc(renders.seq)),
    read(isNotNull(renders.gallerySeq), desc(renders.gallerySeq)),
    read(isNotNull(renders.hiddenAt), desc(renders.hiddenAt)),
  ]);
  return { reported, flagged, recent, hidden };
}
