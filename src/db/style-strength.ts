// Measured style strength as the pages read it: per style and model, and the styles ordered by it for explore.
// (The measures are written by src/generation/style-measures.ts.)
import type { Database } from "bun:sqlite";
import { desc, eq, gt, sql } from "drizzle-orm";
import { drizzleFor } from "./client";
import { styleMeasures, styles } from "./schema";

export type StrengthRow = { style_slug: string; model_key: string; strength: number; consistency: number | null; prompt_pairs: number };

/**
 * The measured (style, model) rows of these styles, strongest model first. Raw: json_each binds the slug list
 * as one parameter, so Bun compiles the statement once; the builder's inArray would compile one per list length.
 */
export function measuredStrengths(sqlite: Database, slugs: readonly string[]): StrengthRow[] {
  return sqlite
    .query<StrengthRow, [string]>(
      `SELECT style_slug, model_key, strength, consistency, prompt_pairs FROM style_measures
       WHERE style_slug IN (SELECT value FROM json_each(?)) AND strength IS NOT NULL
       ORDER BY style_slug, strength DESC, model_key`,
    )
    .all(JSON.stringify(slugs));
}

/**
 * Public styles by their measured strength on `model` (on their strongest model when none is named), unmeasured
 * ones last, A–Z within ties; with a model, only styles measured on it.
 */
export function stylesByMeasuredStrength(sqlite: Database, params: { model: string | null; offset: number; limit: number }) {
  const db = drizzleFor(sqlite);
  const measured =
    params.model === null
      ? db
          .select({ styleSlug: styleMeasures.styleSlug, best: sql<number | null>`max(${styleMeasures.strength})`.as("best") })
          .from(styleMeasures)
          .groupBy(styleMeasures.styleSlug)
          .as("m")
      : db
          .select({ styleSlug: styleMeasures.styleSlug, best: sql<number | null>`${styleMeasures.strength}`.as("best") })
          .from(styleMeasures)
          .where(eq(styleMeasures.modelKey, params.model))
          .as("m");
  const on = eq(measured.styleSlug, styles.slug);
  const fields = { phrase: styles.phrase, slug: styles.slug, count: styles.publicCount };
  const page = db.select(fields).from(styles);
  const rows = (params.model === null ? page.leftJoin(measured, on) : page.innerJoin(measured, on))
    .where(gt(styles.publicCount, 0))
    .orderBy(sql`${measured.best} IS NULL`, desc(measured.best), sql`${styles.phrase} COLLATE NOCASE`)
    .limit(params.limit)
    .offset(params.offset)
    .all();
  const counted = db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(styles);
  const { total } = (params.model === null ? counted.leftJoin(measured, on) : counted.innerJoin(measured, on)).where(gt(styles.publicCount, 0)).get()!; // count(*) always yields a row
  return { styles: rows, total };
}
