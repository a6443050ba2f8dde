CREATE TABLE "ai_providers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"base_url" text NOT NULL,
	"api_key" text,
	"default_model" text NOT NULL,
	"fallback_model" text,
	"api_version" text,
	"timeout_seconds" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "ai_providers_kind_check" CHECK ("ai_providers"."kind" in ('openai', 'azure')),
	CONSTRAINT "ai_providers_timeout_check" CHECK ("ai_providers"."timeout_seconds" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ai_providers_name_idx" ON "ai_providers" USING btree ("name");