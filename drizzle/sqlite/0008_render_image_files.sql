ALTER TABLE `renders` ADD `thumb_2x_path` text;--> statement-breakpoint
ALTER TABLE `renders` ADD `full_key` text;--> statement-breakpoint
ALTER TABLE `renders` ADD `full_width` integer;--> statement-breakpoint
ALTER TABLE `renders` ADD `full_height` integer;--> statement-breakpoint
ALTER TABLE `renders` ADD `full_bytes` integer;--> statement-breakpoint
-- Backfill the names the worker now records, from the naming rule every earlier render was written under.
-- Sizes of earlier originals are left NULL: readers stat those once (see features/library/originals.ts).
UPDATE `renders` SET `thumb_2x_path` = substr(`thumb_path`, 1, length(`thumb_path`) - 7) || '_t2.webp'
  WHERE `thumb_path` LIKE '/images/%\_t.webp' ESCAPE '\';--> statement-breakpoint
UPDATE `renders` SET `full_key` = substr(`image_path`, 2, length(`image_path`) - 6) || '_full.webp'
  WHERE `image_path` LIKE '/images/%.webp';
