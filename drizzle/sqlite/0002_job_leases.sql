ALTER TABLE `renders` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `renders` ADD `strength` real;--> statement-breakpoint
CREATE INDEX `renders_failed_idx` ON `renders` (`completed_at`) WHERE "renders"."status" = 'failed';--> statement-breakpoint
CREATE INDEX `renders_style_active_idx` ON `renders` (`style_slug`) WHERE "renders"."status" IN ('pending','running');