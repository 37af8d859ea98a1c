CREATE TABLE `prompts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`text` text NOT NULL,
	`public_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prompts_text_unique` ON `prompts` (`text`);--> statement-breakpoint
DROP INDEX `renders_prompt_gallery_idx`;--> statement-breakpoint
DROP INDEX `renders_cell_idx`;--> statement-breakpoint
CREATE INDEX `renders_model_cell_gallery_idx` ON `renders` (`model_key`,`style_slug`,`base_prompt`,`gallery_seq`) WHERE "renders"."gallery_seq" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `renders_prompt_gallery_idx` ON `renders` (`base_prompt`,`gallery_seq`,`style_slug`) WHERE "renders"."gallery_seq" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `renders_cell_idx` ON `renders` (`base_prompt`,`style_slug`,`model_key`,`gallery_seq`);