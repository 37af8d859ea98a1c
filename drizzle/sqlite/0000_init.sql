CREATE TABLE `credit_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`delta` integer NOT NULL,
	`reason` text NOT NULL,
	`stripe_event_id` text,
	`payment_id` text,
	`render_id` text,
	`matrix_run_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_ledger_stripe_event_id_unique` ON `credit_ledger` (`stripe_event_id`);--> statement-breakpoint
CREATE INDEX `credit_ledger_user_idx` ON `credit_ledger` (`user_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_ledger_render_refund_idx` ON `credit_ledger` (`render_id`) WHERE "credit_ledger"."reason" = 'render_refund';--> statement-breakpoint
CREATE TABLE `gallery_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`last_gallery_seq` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `matrix_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer,
	`base_prompts` text NOT NULL,
	`style_phrases` text NOT NULL,
	`model_keys` text NOT NULL,
	`total_cells` integer NOT NULL,
	`done_cells` integer DEFAULT 0 NOT NULL,
	`failed_cells` integer DEFAULT 0 NOT NULL,
	`cost_credits` integer DEFAULT 0 NOT NULL,
	`visibility` text DEFAULT 'public' NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `matrix_runs_user_idx` ON `matrix_runs` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`product` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`credits` integer DEFAULT 0 NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`payment_intent_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_user_idx` ON `payments` (`user_id`);--> statement-breakpoint
CREATE INDEX `payments_intent_idx` ON `payments` (`payment_intent_id`);--> statement-breakpoint
CREATE TABLE `renders` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`user_id` integer,
	`matrix_run_id` text,
	`upload_id` text,
	`style_phrase` text NOT NULL,
	`style_slug` text NOT NULL,
	`model_key` text NOT NULL,
	`base_prompt` text NOT NULL,
	`effective_prompt` text NOT NULL,
	`image_path` text,
	`thumb_path` text,
	`input_image_path` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`visibility` text DEFAULT 'public' NOT NULL,
	`nsfw` integer DEFAULT false NOT NULL,
	`cost_credits` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`lease_until` integer,
	`provider_job_id` text,
	`error` text,
	`render_metadata` text,
	`width` integer,
	`height` integer,
	`thumbhash` text,
	`curated_rank` integer,
	`gallery_seq` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`matrix_run_id`) REFERENCES `matrix_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "renders_status_check" CHECK("renders"."status" IN ('pending','running','done','failed')),
	CONSTRAINT "renders_visibility_check" CHECK("renders"."visibility" IN ('public','private'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `renders_id_unique` ON `renders` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `renders_gallery_seq_idx` ON `renders` (`gallery_seq`) WHERE "renders"."gallery_seq" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `renders_style_gallery_idx` ON `renders` (`style_slug`,`gallery_seq`) WHERE "renders"."gallery_seq" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `renders_prompt_gallery_idx` ON `renders` (`base_prompt`,`gallery_seq`) WHERE "renders"."gallery_seq" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `renders_curated_idx` ON `renders` (`curated_rank`) WHERE "renders"."curated_rank" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `renders_queue_idx` ON `renders` (`status`,`next_attempt_at`) WHERE "renders"."status" IN ('pending','running');--> statement-breakpoint
CREATE INDEX `renders_matrix_idx` ON `renders` (`matrix_run_id`);--> statement-breakpoint
CREATE INDEX `renders_cell_idx` ON `renders` (`base_prompt`,`style_slug`,`model_key`);--> statement-breakpoint
CREATE INDEX `renders_user_idx` ON `renders` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `styles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`phrase` text NOT NULL,
	`public_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `styles_slug_unique` ON `styles` (`slug`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `uploads_user_sha_idx` ON `uploads` (`user_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`google_sub` text NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`stripe_customer_id` text,
	`is_admin` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_google_sub_unique` ON `users` (`google_sub`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_stripe_customer_id_unique` ON `users` (`stripe_customer_id`);