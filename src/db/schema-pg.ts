// The data model of src/db/schema.ts for PostgreSQL: the same tables, columns (same names and TS keys), indexes and
// checks, in Postgres-native types. tests/db/schema-parity.test.ts fails when the two drift apart.
// Times stay epoch milliseconds (bigint), so a row means the same on both databases; flags are booleans, JSON is jsonb.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  primaryKey,
  pgTable,
  text,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import type { RenderProvenance } from "../generation/provenance";
import { RENDER_STATUSES } from "./schema";

export { RENDER_STATUSES, type RenderStatus } from "./schema";

/** Epoch milliseconds: past 2^31, so bigint, read back as a JS number (exact until the year 287396). */
const epochMs = (name: string) => bigint(name, { mode: "number" });

/**
 * jsonb handed to Bun.SQL as the value itself: Bun.SQL serialises a jsonb parameter on its own, so Drizzle's jsonb,
 * which stringifies first, would store every object as a JSON string (drizzle-orm#4942, bun#28819). Read back, Bun.SQL
 * has already parsed it. tests/db/pg-migrations.test.ts checks that SQL sees objects and arrays.
 */
const jsonb = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => "jsonb",
  toDriver: (value) => value,
  fromDriver: (value) => value,
});

const createdAt = () =>
  epochMs("created_at")
    .notNull()
    .default(sql`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`);

export const users = pgTable("users", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  googleSub: text("google_sub").notNull().unique(),
  email: text("email").notNull(),
  name: text("name"),
  stripeCustomerId: text("stripe_customer_id").unique(),
  isAdmin: boolean("is_admin").notNull().default(false),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: epochMs("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const matrixRuns = pgTable(
  "matrix_runs",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").references(() => users.id),
    basePrompts: jsonb("base_prompts").$type<string[]>().notNull(),
    stylePhrases: jsonb("style_phrases").$type<string[]>().notNull(),
    modelKeys: jsonb("model_keys").$type<string[]>().notNull(),
    totalCells: integer("total_cells").notNull(),
    doneCells: integer("done_cells").notNull().default(0),
    failedCells: integer("failed_cells").notNull().default(0),
    costCredits: integer("cost_credits").notNull().default(0),
    visibility: text("visibility", { enum: ["public", "private"] }).notNull().default("public"),
    status: text("status", { enum: ["queued", "running", "done", "cancelled"] })
      .notNull()
      .default("queued"),
    createdAt: createdAt(),
    completedAt: epochMs("completed_at"),
  },
  (t) => [index("matrix_runs_user_idx").on(t.userId, t.createdAt)],
);

export const uploads = pgTable(
  "uploads",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    sha256: text("sha256").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("uploads_user_sha_idx").on(t.userId, t.sha256)],
);

export const renders = pgTable(
  "renders",
  {
    seq: integer("seq").primaryKey().generatedByDefaultAsIdentity(),
    id: text("id").notNull().unique(),
    userId: integer("user_id").references(() => users.id),
    matrixRunId: text("matrix_run_id").references(() => matrixRuns.id),
    uploadId: text("upload_id").references(() => uploads.id),
    stylePhrase: text("style_phrase").notNull(),
    styleSlug: text("style_slug").notNull(),
    modelKey: text("model_key").notNull(),
    basePrompt: text("base_prompt").notNull(),
    effectivePrompt: text("effective_prompt").notNull(),
    imagePath: text("image_path"),
    thumbPath: text("thumb_path"),
    thumb2xPath: text("thumb_2x_path"),
    fullKey: text("full_key"),
    fullWidth: integer("full_width"),
    fullHeight: integer("full_height"),
    fullBytes: bigint("full_bytes", { mode: "number" }),
    inputImagePath: text("input_image_path"),
    status: text("status", { enum: RENDER_STATUSES }).notNull().default("pending"),
    visibility: text("visibility", { enum: ["public", "private"] }).notNull().default("public"),
    nsfw: boolean("nsfw").notNull().default(false),
    costCredits: integer("cost_credits").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: epochMs("next_attempt_at").notNull().default(0),
    leaseUntil: epochMs("lease_until"),
    leaseOwner: text("lease_owner"),
    providerJobId: text("provider_job_id"),
    strength: doublePrecision("strength"),
    error: text("error"),
    renderMetadata: jsonb("render_metadata").$type<Record<string, unknown>>(),
    provenance: jsonb("provenance").$type<RenderProvenance>(),
    width: integer("width"),
    height: integer("height"),
    thumbhash: text("thumbhash"),
    curatedRank: integer("curated_rank"),
    version: integer("version").notNull().default(1),
    previousVersionId: text("previous_version_id").references((): AnyPgColumn => renders.id),
    superseded: boolean("superseded").notNull().default(false),
    gallerySeq: integer("gallery_seq"),
    hiddenAt: epochMs("hidden_at"),
    hiddenReason: text("hidden_reason"),
    createdAt: createdAt(),
    completedAt: epochMs("completed_at"),
  },
  (t) => [
    check("renders_status_check", sql`${t.status} IN ('pending','running','done','failed')`),
    check("renders_visibility_check", sql`${t.visibility} IN ('public','private')`),
    uniqueIndex("renders_gallery_seq_idx").on(t.gallerySeq).where(sql`${t.gallerySeq} IS NOT NULL`),
    index("renders_style_gallery_idx")
      .on(t.styleSlug, t.gallerySeq)
      .where(sql`${t.gallerySeq} IS NOT NULL`),
    index("renders_prompt_gallery_idx")
      .on(t.basePrompt, t.gallerySeq, t.styleSlug)
      .where(sql`${t.gallerySeq} IS NOT NULL`),
    index("renders_model_cell_gallery_idx")
      .on(t.modelKey, t.styleSlug, t.basePrompt, t.gallerySeq)
      .where(sql`${t.gallerySeq} IS NOT NULL`),
    index("renders_curated_idx").on(t.curatedRank).where(sql`${t.curatedRank} IS NOT NULL`),
    index("renders_queue_idx")
      .on(t.status, t.nextAttemptAt)
      .where(sql`${t.status} IN ('pending','running')`),
    index("renders_failed_idx").on(t.completedAt).where(sql`${t.status} = 'failed'`),
    index("renders_style_active_idx").on(t.styleSlug).where(sql`${t.status} IN ('pending','running')`),
    index("renders_matrix_idx").on(t.matrixRunId),
    index("renders_cell_idx").on(t.basePrompt, t.styleSlug, t.modelKey, t.gallerySeq),
    index("renders_user_idx").on(t.userId, t.createdAt),
    index("renders_previous_version_idx").on(t.previousVersionId).where(sql`${t.previousVersionId} IS NOT NULL`),
  ],
);

// Kept by triggers (drizzle/pg/*_catalogue.sql) exactly as on SQLite; searched through a GIN full-text index.
export const styles = pgTable("styles", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  slug: text("slug").notNull().unique(),
  phrase: text("phrase").notNull(),
  publicCount: integer("public_count").notNull().default(0),
  featuredAt: epochMs("featured_at"),
});

export const prompts = pgTable("prompts", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  text: text("text").notNull().unique(),
  publicCount: integer("public_count").notNull().default(0),
});

// Its id is a rowid alias on SQLite (filled in when omitted); an identity column does the same here.
export const galleryState = pgTable("gallery_state", {
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  lastGallerySeq: integer("last_gallery_seq").notNull().default(0),
});

export const payments = pgTable(
  "payments",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ["credits", "library"] }).notNull(),
    product: text("product").notNull(),
    amountCents: integer("amount_cents").notNull(),
    credits: integer("credits").notNull().default(0),
    refundedCents: integer("refunded_cents").notNull().default(0),
    paymentIntentId: text("payment_intent_id"),
    status: text("status", {
      enum: ["pending", "paid", "failed", "refunded", "disputed", "mismatch"],
    })
      .notNull()
      .default("pending"),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at"),
  },
  (t) => [index("payments_user_idx").on(t.userId), index("payments_intent_idx").on(t.paymentIntentId)],
);

export const creditLedger = pgTable(
  "credit_ledger",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    delta: integer("delta").notNull(),
    reason: text("reason").notNull(),
    stripeEventId: text("stripe_event_id").unique(),
    paymentId: text("payment_id").references(() => payments.id),
    renderId: text("render_id"),
    matrixRunId: text("matrix_run_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("credit_ledger_user_idx").on(t.userId, t.id),
    uniqueIndex("credit_ledger_render_refund_idx")
      .on(t.renderId)
      .where(sql`${t.reason} = 'render_refund'`),
  ],
);

export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  processedAt: createdAt(),
});

export const renderReports = pgTable(
  "render_reports",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    renderId: text("render_id").notNull(),
    visitorKey: text("visitor_key").notNull(),
    userId: integer("user_id").references(() => users.id),
    reason: text("reason", { enum: ["spam", "nsfw", "copyright", "other"] }).notNull(),
    resolvedAt: epochMs("resolved_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("render_reports_open_idx").on(t.renderId, t.visitorKey).where(sql`${t.resolvedAt} IS NULL`),
    index("render_reports_render_idx").on(t.renderId),
  ],
);

export const adminActions = pgTable(
  "admin_actions",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    adminId: integer("admin_id")
      .notNull()
      .references(() => users.id),
    action: text("action").notNull(),
    targetId: text("target_id").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [index("admin_actions_created_idx").on(t.createdAt)],
);

/** Raw bytes (a fingerprint's Float32 numbers), a Buffer either way, like SQLite's blob. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const renderFeatures = pgTable("render_features", {
  renderId: text("render_id")
    .primaryKey()
    .references(() => renders.id, { onDelete: "cascade" }),
  vector: bytea("vector").notNull(),
  layoutHash: text("layout_hash").notNull(),
  createdAt: createdAt(),
});

export const styleMeasures = pgTable(
  "style_measures",
  {
    styleSlug: text("style_slug").notNull(),
    modelKey: text("model_key").notNull(),
    renderCount: integer("render_count").notNull(),
    centroid: bytea("centroid").notNull(),
    promptPairs: integer("prompt_pairs").notNull().default(0),
    strength: doublePrecision("strength"),
    magnitude: doublePrecision("magnitude"),
    consistency: doublePrecision("consistency"),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.styleSlug, t.modelKey] }), index("style_measures_model_idx").on(t.modelKey, t.strength)],
);

export const collections = pgTable(
  "collections",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["named", "favourites"] }).notNull().default("named"),
    visibility: text("visibility", { enum: ["private", "public"] }).notNull().default("private"),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at"),
  },
  (t) => [
    check("collections_kind_check", sql`${t.kind} IN ('named','favourites')`),
    check("collections_visibility_check", sql`${t.visibility} IN ('private','public')`),
    index("collections_user_idx").on(t.userId, t.createdAt),
    uniqueIndex("collections_favourites_idx").on(t.userId).where(sql`${t.kind} = 'favourites'`),
  ],
);

export const collectionItems = pgTable(
  "collection_items",
  {
    collectionId: text("collection_id")
      .notNull()
      .references(() => collections.id, { onDelete: "cascade" }),
    renderId: text("render_id")
      .notNull()
      .references(() => renders.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.renderId] }),
    uniqueIndex("collection_items_order_idx").on(t.collectionId, t.seq),
    index("collection_items_render_idx").on(t.renderId),
  ],
);

// Developer API keys: the key is shown once; only its SHA-256 is kept, and `prefix` lets its owner recognise it.
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    scopes: jsonb("scopes").$type<("read" | "generate")[]>().notNull(),
    hash: text("hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: epochMs("last_used_at"),
    revokedAt: epochMs("revoked_at"),
  },
  (t) => [index("api_keys_user_idx").on(t.userId, t.createdAt)],
);

// Each user's webhook signing secret (kept in clear: the app must sign with it, as Stripe does).
// Keyed at table level on both databases (the parity test reads a column-level SQLite integer key as defaulted).
export const webhookSecrets = pgTable(
  "webhook_secrets",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secret: text("secret").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId] })],
);

// Where to report a render or a matrix run when it settles (the `webhook_url` given when it was started).
export const webhookTargets = pgTable(
  "webhook_targets",
  {
    subjectKind: text("subject_kind", { enum: ["render", "matrix_run"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.subjectKind, t.subjectId] })],
);

// One event to one URL, retried with backoff for a day; the last answer is kept to show on the run page.
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    subjectKind: text("subject_kind", { enum: ["render", "matrix_run"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    // One delivery per event and subject, however often a settlement is replayed.
    eventKey: text("event_key").notNull().unique(),
    type: text("type").notNull(),
    url: text("url").notNull(),
    body: text("body").notNull(),
    state: text("state", { enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: epochMs("next_attempt_at").notNull(),
    lastStatus: integer("last_status"),
    lastResponse: text("last_response"),
    lastAttemptAt: epochMs("last_attempt_at"),
    createdAt: createdAt(),
    deliveredAt: epochMs("delivered_at"),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index("webhook_deliveries_subject_idx").on(t.subjectKind, t.subjectId),
  ],
);
