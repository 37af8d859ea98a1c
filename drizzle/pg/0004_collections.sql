CREATE TABLE "collection_items" (
	"collection_id" text NOT NULL,
	"render_id" text NOT NULL,
	"seq" integer NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	CONSTRAINT "collection_items_collection_id_render_id_pk" PRIMARY KEY("collection_id","render_id")
);
--> statement-breakpoint
CREATE TABLE "collections" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'named' NOT NULL,
	"visibility" text DEFAULT 'private' NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL,
	"updated_at" bigint,
	CONSTRAINT "collections_kind_check" CHECK ("collections"."kind" IN ('named','favourites')),
	CONSTRAINT "collections_visibility_check" CHECK ("collections"."visibility" IN ('private','public'))
);
--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_collection_id_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_render_id_renders_id_fk" FOREIGN KEY ("render_id") REFERENCES "public"."renders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "collection_items_order_idx" ON "collection_items" USING btree ("collection_id","seq");--> statement-breakpoint
CREATE INDEX "collection_items_render_idx" ON "collection_items" USING btree ("render_id");--> statement-breakpoint
CREATE INDEX "collections_user_idx" ON "collections" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "collections_favourites_idx" ON "collections" USING btree ("user_id") WHERE "collections"."kind" = 'favourites';