CREATE TABLE `render_features` (
	`render_id` text PRIMARY KEY NOT NULL,
	`vector` blob NOT NULL,
	`layout_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`render_id`) REFERENCES `renders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `style_measures` (
	`style_slug` text NOT NULL,
	`model_key` text NOT NULL,
	`render_count` integer NOT NULL,
	`centroid` blob NOT NULL,
	`prompt_pairs` integer DEFAULT 0 NOT NULL,
	`strength` real,
	`magnitude` real,
	`consistency` real,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`style_slug`, `model_key`)
);
--> statement-breakpoint
CREATE INDEX `style_measures_model_idx` ON `style_measures` (`model_key`,`strength`);