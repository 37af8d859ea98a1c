// The whole data model (DESIGN.md "Data"): Drizzle table definitions; migrations are generated from this file.
import { sql } from "drizzle-orm";
import type { RenderProvenance } from "../generation/provenance";
import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "number" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  googleSub: text("google_sub").notNull().unique(),
  email: text("email").notNull(),
  name: text("name"),
  stripeCustomerId: text("stripe_customer_id").unique(),
  isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
  createdAt: createdAt(),
});

// The cookie carries a random token; only its SHA-256 is stored, so a leaked database cannot sign anyone in.
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const matrixRuns = sqliteTable(
  "matrix_runs",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id").references(() => users.id),
    basePrompts: text("base_prompts", { mode: "json" }).$type<string[]>().notNull(),
    stylePhrases: text("style_phrases", { mode: "json" }).$type<string[]>().notNull(),
    modelKeys: text("model_keys", { mode: "json" }).$type<string[]>().notNull(),
    totalCells: integer("total_cells").notNull(),
    doneCells: integer("done_cells").notNull().default(0),
    failedCells: integer("failed_cells").notNull().default(0),
    costCredits: integer("cost_credits").notNull().default(0),
    visibility: text("visibility", { enum: ["public", "private"] }).notNull().default("public"),
    status: text("status", { enum: ["queued", "running", "done", "cancelled"] })
      .notNull()
      .default("queued"),
    createdAt: createdAt(),
    completedAt: integer("completed_at", { mode: "number" }),
  },
  (t) => [index("matrix_runs_user_idx").on(t.userId, t.createdAt)],
);

export const uploads = sqliteTable(
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
    bytes: integer("bytes").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("uploads_user_sha_idx").on(t.userId, t.sha256)],
);

export const RENDER_STATUSES = ["pending", "running", "done", "failed"] as const;
export type RenderStatus = (typeof RENDER_STATUSES)[number];

// A render is both a gallery item and its generation job (see src/generation/queue.ts).
// `seq` is the physical order; `gallery_seq` is the position in the public gallery, assigned by a
// trigger when a render becomes public and done, and is what stable search paging snapshots on.
export const renders = sqliteTable(
  "renders",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
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
    // Storage key of the full-resolution original (src/storage/keys.ts); never served by the image route.
    fullKey: text("full_key"),
    fullWidth: integer("full_width"),
    fullHeight: integer("full_height"),
    fullBytes: integer("full_bytes"),
    inputImagePath: text("input_image_path"),
    status: text("status", { enum: RENDER_STATUSES }).notNull().default("pending"),
    visibility: text("visibility", { enum: ["public", "private"] }).notNull().default("public"),
    nsfw: integer("nsfw", { mode: "boolean" }).notNull().default(false),
    costCredits: integer("cost_credits").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "number" }).notNull().default(0),
    leaseUntil: integer("lease_until", { mode: "number" }),
    // Which claim holds the lease: only that holder may renew it or record the outcome.
    leaseOwner: text("lease_owner"),
    // A remote prediction id (Replicate), stored before waiting so a restarted job resumes by polling.
    providerJobId: text("provider_job_id"),
    // Image-to-image: how far the result may depart from the input (0–1).
    strength: real("strength"),
    error: text("error"),
    renderMetadata: text("render_metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    // How it was made (model, pinned version, seed, request id, timings); written when it completes.
    provenance: text("provenance", { mode: "json" }).$type<RenderProvenance>(),
    width: integer("width"),
    height: integer("height"),
    thumbhash: text("thumbhash"),
    curatedRank: integer("curated_rank"),
    // Re-rendering a cell makes a new row (never an overwrite): version n+1 links to version n, and once it is
    // done the one before is `superseded` — still reachable at /r/:id, no longer in the public gallery.
    version: integer("version").notNull().default(1),
    previousVersionId: text("previous_version_id").references((): AnySQLiteColumn => renders.id),
    superseded: integer("superseded", { mode: "boolean" }).notNull().default(false),
    gallerySeq: integer("gallery_seq"),
    // Set by a moderator: the render leaves every public view (the publishing triggers treat it like nsfw).
    hiddenAt: integer("hidden_at", { mode: "number" }),
    hiddenReason: text("hidden_reason"),
    createdAt: createdAt(),
    completedAt: integer("completed_at", { mode: "number" }),
  },
  (t) => [
    check("renders_status_check", sql`${t.status} IN ('pending','running','done','failed')`),
    check("renders_visibility_check", sql`${t.visibility} IN ('public','private')`),
    uniqueIndex("renders_gallery_seq_idx").on(t.gallerySeq).where(sql`${t.gallerySeq} IS NOT NULL`),
    index("renders_style_gallery_idx")
      .on(t.styleSlug, t.gallerySeq)
      .where(sql`${t.gallerySeq} IS NOT NULL`),
    // style_slug rides along so subject search can skip a matching style's renders without reading rows.
    index("renders_prompt_gallery_idx")
      .on(t.basePrompt, t.gallerySeq, t.styleSlug)
      .where(sql`${t.gallerySeq} IS NOT NULL`),
    // Explore's model filter and a query naming a model walk this, cell by cell in gallery order, and check
    // style and prompt from the index alone.
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
    // gallery_seq rides along so counting a search's style-and-subject cells never reads rows.
    index("renders_cell_idx").on(t.basePrompt, t.styleSlug, t.modelKey, t.gallerySeq),
    index("renders_user_idx").on(t.userId, t.createdAt),
    index("renders_previous_version_idx").on(t.previousVersionId).where(sql`${t.previousVersionId} IS NOT NULL`),
  ],
);

// A finished render's style fingerprint (src/generation/style-features.ts), written when its result is recorded:
// Float32 numbers as a blob, and a difference hash of its layout. Kept apart so reads of renders stay narrow.
export const renderFeatures = sqliteTable("render_features", {
  renderId: text("render_id")
    .primaryKey()
    .references(() => renders.id, { onDelete: "cascade" }),
  vector: blob("vector", { mode: "buffer" }).notNull(),
  layoutHash: text("layout_hash").notNull(),
  createdAt: createdAt(),
});

// One row per style and model with public renders (src/generation/style-measures.ts keeps it as features arrive):
// the mean fingerprint of its renders, and — once at least two prompts also have a no-style baseline on that
// model — how strongly and how consistently the style phrase changes the picture.
export const styleMeasures = sqliteTable(
  "style_measures",
  {
    styleSlug: text("style_slug").notNull(),
    modelKey: text("model_key").notNull(),
    renderCount: integer("render_count").notNull(),
    centroid: blob("centroid", { mode: "buffer" }).notNull(),
    promptPairs: integer("prompt_pairs").notNull().default(0),
    strength: real("strength"),
    magnitude: real("magnitude"),
    consistency: real("consistency"),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.styleSlug, t.modelKey] }), index("style_measures_model_idx").on(t.modelKey, t.strength)],
);

// The style catalogue, kept by triggers from renders (drizzle/sqlite/*_search.sql): one row per style slug,
// with the number of public finished renders. Search runs over this (FTS5), not over every render,
// so its cost follows the number of styles rather than the size of the gallery.
export const styles = sqliteTable("styles", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  phrase: text("phrase").notNull(),
  publicCount: integer("public_count").notNull().default(0),
  // Set by an admin: the home page features the style most recently featured (while it has public renders).
  featuredAt: integer("featured_at", { mode: "number" }),
});

// The prompt catalogue, kept by the publishing triggers (drizzle/sqlite/*_prompt_search.sql) beside `styles`:
// one row per base prompt that has ever been public, with its number of public finished renders. Search
// by subject runs over its FTS5 index, so it too costs what the number of distinct prompts costs.
export const prompts = sqliteTable("prompts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  text: text("text").notNull().unique(),
  publicCount: integer("public_count").notNull().default(0),
});

// One row kept by triggers: `version` moves whenever the public gallery changes (response caches key
// on it); `last_gallery_seq` hands out gallery positions, never reused so a paging snapshot stays exact.
export const galleryState = sqliteTable("gallery_state", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull().default(0),
  lastGallerySeq: integer("last_gallery_seq").notNull().default(0),
});

export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(), // Stripe Checkout Session id
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
    updatedAt: integer("updated_at", { mode: "number" }),
  },
  (t) => [index("payments_user_idx").on(t.userId), index("payments_intent_idx").on(t.paymentIntentId)],
);

export const creditLedger = sqliteTable(
  "credit_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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
    // A failed paid render is refunded exactly once, whatever retries or races happen.
    uniqueIndex("credit_ledger_render_refund_idx")
      .on(t.renderId)
      .where(sql`${t.reason} = 'render_refund'`),
  ],
);

export const stripeEvents = sqliteTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  processedAt: createdAt(),
});

// A visitor's report of a public render: one open report per visitor (user id or address) and render.
export const renderReports = sqliteTable(
  "render_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    renderId: text("render_id").notNull(),
    visitorKey: text("visitor_key").notNull(),
    userId: integer("user_id").references(() => users.id),
    reason: text("reason", { enum: ["spam", "nsfw", "copyright", "other"] }).notNull(),
    resolvedAt: integer("resolved_at", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("render_reports_open_idx").on(t.renderId, t.visitorKey).where(sql`${t.resolvedAt} IS NULL`),
    index("render_reports_render_idx").on(t.renderId),
  ],
);

// Every admin action (who, what, target, reason, when): nothing an admin does is silent.
export const adminActions = sqliteTable(
  "admin_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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

// A user's named set of renders. Hearts are the one `favourites` collection per user (made on the first heart,
// never renamed or deleted), so favourites get what every collection has: a page, sharing and a ZIP.
export const collections = sqliteTable(
  "collections",
  {
    // Random and unguessable: a public collection's page is /c/:id.
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["named", "favourites"] }).notNull().default("named"),
    visibility: text("visibility", { enum: ["private", "public"] }).notNull().default("private"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "number" }),
  },
  (t) => [
    check("collections_kind_check", sql`${t.kind} IN ('named','favourites')`),
    check("collections_visibility_check", sql`${t.visibility} IN ('private','public')`),
    index("collections_user_idx").on(t.userId, t.createdAt),
    uniqueIndex("collections_favourites_idx").on(t.userId).where(sql`${t.kind} = 'favourites'`),
  ],
);

export const collectionItems = sqliteTable(
  "collection_items",
  {
    collectionId: text("collection_id")
      .notNull()
      .references(() => collections.id, { onDelete: "cascade" }),
    renderId: text("render_id")
      .notNull()
      .references(() => renders.id, { onDelete: "cascade" }),
    // The collection's own order: newest first, and a keyset for reading it in batches.
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
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<("read" | "generate")[]>().notNull(),
    hash: text("hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "number" }),
    revokedAt: integer("revoked_at", { mode: "number" }),
  },
  (t) => [index("api_keys_user_idx").on(t.userId, t.createdAt)],
);

// Each user's webhook signing secret (kept in clear: the app must sign with it, as Stripe does).
// Keyed at table level on both databases (the parity test reads a column-level SQLite integer key as defaulted).
export const webhookSecrets = sqliteTable(
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
export const webhookTargets = sqliteTable(
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
export const webhookDeliveries = sqliteTable(
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
    nextAttemptAt: integer("next_attempt_at", { mode: "number" }).notNull(),
    lastStatus: integer("last_status"),
    lastResponse: text("last_response"),
    lastAttemptAt: integer("last_attempt_at", { mode: "number" }),
    createdAt: createdAt(),
    deliveredAt: integer("delivered_at", { mode: "number" }),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index("webhook_deliveries_subject_idx").on(t.subjectKind, t.subjectId),
  ],
);
