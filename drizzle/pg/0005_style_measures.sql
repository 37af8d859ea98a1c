CREATE TABLE "render_features" (
	"render_id" text PRIMARY KEY NOT NULL,
	"vector" "bytea" NOT NULL,
	"layout_hash" text NOT NULL,
	"created_at" bigint DEFAULT (floor(extract(epoch from clock_timestamp()) * 1000))::bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "style_measures" (
	"style_slug" text NOT NULL,
	"model_key" text NOT NULL,
	"render_count" integer NOT NULL,
	"centroid" "bytea" NOT NULL,
	"prompt_pairs" integer DEFAULT 0 NOT NULL,
	"strength" double precision,
	"magnitude" double precision,
	"consistency" double precision,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "style_measures_style_slug_model_key_pk" PRIMARY KEY("style_slug","model_key")
);
--> statement-breakpoint
ALTER TABLE "render_features" ADD CONSTRAINT "render_features_render_id_renders_id_fk" FOREIGN KEY ("render_id") REFERENCES "public"."renders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "style_measures_model_idx" ON "style_measures" USING btree ("model_key","strength");