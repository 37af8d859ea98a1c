// A render's versions: every finished render in its re-render chain (see src/generation/rerender.ts) that the
// viewer may see, oldest first, for the list and the before/after comparison on /r/:id.
import type { Database } from "bun:sqlite";
import type { RenderJson } from "./model";
import { RENDER_COLUMNS, toRenderJson, VIEWABLE_BY, type RenderRow } from "./render-row";

/** The chain holding `id`: up to its first version, then down through every later one. */
export function renderVersions(sqlite: Database, id: string, viewerId: number | null): RenderJson[] {
  const rows = sqlite
    .query(
      `WITH RECURSIVE
         up(id, previous) AS (
           SELECT id, previous_version_id FROM renders WHERE id = ?
           UNION SELECT p.id, p.previous_version_id FROM renders p JOIN up ON p.id = up.previous),
         down(id) AS (
           SELECT id FROM up WHERE previous IS NULL
           UNION SELECT n.id FROM renders n JOIN down ON n.previous_version_id = down.id)
       SELECT ${RENDER_COLUMNS} FROM renders r
       WHERE r.id IN (SELECT id FROM down) AND r.status = 'done' AND r.image_path IS NOT NULL AND ${VIEWABLE_BY}
       ORDER BY r.version, r.seq`,
    )
    .all(id, viewerId ?? -1) as RenderRow[];
  return rows.map(toRenderJson);
}
