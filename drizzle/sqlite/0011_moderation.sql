CREATE TABLE `admin_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`admin_id` integer NOT NULL,
	`action` text NOT NULL,
	`target_id` text NOT NULL,
	`reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`admin_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `admin_actions_created_idx` ON `admin_actions` (`created_at`);--> statement-breakpoint
CREATE TABLE `render_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`render_id` text NOT NULL,
	`visitor_key` text NOT NULL,
	`user_id` integer,
	`reason` text NOT NULL,
	`resolved_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `render_reports_open_idx` ON `render_reports` (`render_id`,`visitor_key`) WHERE "render_reports"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX `render_reports_render_idx` ON `render_reports` (`render_id`);--> statement-breakpoint
ALTER TABLE `renders` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `renders` ADD `hidden_reason` text;