// Request schemas of the admin routes: every admin POST is validated here (a 400 names what is wrong).
import { t } from "elysia";
import { REPORT_REASONS } from "./service";

export const renderIdParams = t.Object({ id: t.String({ minLength: 1, maxLength: 64, error: "id must be a render id" }) });
export const runIdParams = t.Object({ id: t.String({ minLength: 1, maxLength: 64, error: "id must be a matrix run id" }) });
export const styleParams = t.Object({ slug: t.String({ minLength: 1, maxLength: 200, error: "slug must be a style slug" }) });
export const userIdParams = t.Object({ id: t.Numeric({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, multipleOf: 1, error: "id must be a user id (a whole number)" }) });

const requiredReason = t.String({ minLength: 1, maxLength: 500, pattern: "\\S", error: "reason must be given, as text of at most 500 characters" });
const optionalReason = t.Optional(t.String({ maxLength: 500, error: "reason must be text of at most 500 characters" }));

export const hideBody = t.Object({ reason: requiredReason });
export const optionalReasonBody = t.Object({ reason: optionalReason });
export const reportBody = t.Object({
  reason: t.UnionEnum(REPORT_REASONS, { error: `reason must be one of ${REPORT_REASONS.join(", ")}` }),
});
export const moveBody = t.Object({ direction: t.UnionEnum(["up", "down"], { error: "direction must be up or down" }) });

/** At most this many credits in one adjustment, either way: a typo of a few zeros is refused, not applied. */
export const MAX_ADJUSTMENT = 100_000;
export const creditsBody = t.Object({
  delta: t.Numeric({
    minimum: -MAX_ADJUSTMENT,
    maximum: MAX_ADJUSTMENT,
    multipleOf: 1,
    error: `delta must be a whole number of credits between -${MAX_ADJUSTMENT} and ${MAX_ADJUSTMENT}, not 0`,
  }),
  reason: requiredReason,
});

export const usersQuery = t.Object({ q: t.Optional(t.String({ maxLength: 200, error: "q must be at most 200 characters" })) });
