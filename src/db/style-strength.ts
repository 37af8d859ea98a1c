// Measured style strength as the pages read it: per style and model, and the styles ordered by it for explore.
// (The measures are written by src/generation/style-measures.ts.)
import { desc, eq, gt, sql } from "drizzle-orm";
import { rows, type Data } from "./data";
import { byPhrase } from "./gallery-reads";
import { inValues, q, toSql } from "./sql-text";

export type StrengthRow = { style_slug: string; model_key: string; strength: number; consistency: number | null; prompt_pairs: number };

/**
 * The measured (style, model) rows of these styles, strongest model first. Raw: the slug list binds as one
 * parameter, so one compiled statement serves every list; the builder's inArray would compile one per list length.
 */
export async function measuredStrengths(data: Data, slugs: readonly string[]): Promise<StrengthRow[]> {
  return rows<StrengthRow>(
    data,
    toSql(
      data,
      q`SELECT style_slug, model_key, strength, consistency, prompt_pairs FROM style_measures
        WHERE ${inValues(data, "style_slug", slugs)} AND strength IS NOT NULL
        ORDER BY style_slug, strength DESC, model_key`,
    ),
  );
}

/**
 * Public styles by their measured strength on `model` (on their strongest model when none is named), unmeasured
 * ones last, A–Z within ties; with a model, only styles measured on it.
 */
export async function stylesByMeasuredStrength(data: Data, params: { model: string | null; offset: number; limit: number }) {
  const { db } = data;
  const { styleMeasures, styles } = data.tables;
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
  const found = await (params.model === null ? page.leftJoin(measured, on) : page.innerJoin(measured, on))
    .where(gt(styles.publicCount, 0))
    .orderBy(sql`${measured.best} IS NULL`, desc(measured.best), byPhrase(data))
    .limit(params.limit)
    .offset(params.offset);
  const counted = db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(styles);
  const [{ total }] = (await (params.model === null ? counted.leftJoin(measured, on) : counted.innerJoin(measured, on)).where(gt(styles.publicCount, 0))) as [
    { total: number },
  ]; // count(*) always yields a row
  return { styles: found, total };
}
