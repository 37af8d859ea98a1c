CREATE TABLE `collection_items` (
	`collection_id` text NOT NULL,
	`render_id` text NOT NULL,
	`seq` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`collection_id`, `render_id`),
	FOREIGN KEY (`collection_id`) REFERENCES `collections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`render_id`) REFERENCES `renders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `collection_items_order_idx` ON `collection_items` (`collection_id`,`seq`);--> statement-breakpoint
CREATE INDEX `collection_items_render_idx` ON `collection_items` (`render_id`);--> statement-breakpoint
CREATE TABLE `collections` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text DEFAULT 'named' NOT NULL,
	`visibility` text DEFAULT 'private' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "collections_kind_check" CHECK("collections"."kind" IN ('named','favourites')),
	CONSTRAINT "collections_visibility_check" CHECK("collections"."visibility" IN ('private','public'))
);
--> statement-breakpoint
CREATE INDEX `collections_user_idx` ON `collections` (`user_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `collections_favourites_idx` ON `collections` (`user_id`) WHERE "collections"."kind" = 'favourites';