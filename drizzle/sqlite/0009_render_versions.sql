ALTER TABLE `renders` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `renders` ADD `previous_version_id` text REFERENCES renders(id);--> statement-breakpoint
ALTER TABLE `renders` ADD `superseded` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `renders_previous_version_idx` ON `renders` (`previous_version_id`) WHERE "renders"."previous_version_id" IS NOT NULL;