CREATE TABLE "conversation_insights" (
	"conversation_id" text PRIMARY KEY NOT NULL,
	"summary" text NOT NULL,
	"sentiment" double precision,
	"sentiment_label" text,
	"fields" text NOT NULL,
	"engine" text NOT NULL,
	"provider_name" text,
	"message_count" integer NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "conversation_insights_sentiment_check" CHECK ("conversation_insights"."sentiment" is null or ("conversation_insights"."sentiment" >= -1 and "conversation_insights"."sentiment" <= 1))
);
--> statement-breakpoint
ALTER TABLE "ai_providers" ADD COLUMN "assist" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_insights" ADD CONSTRAINT "conversation_insights_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_insights_label_idx" ON "conversation_insights" USING btree ("sentiment_label");--> statement-breakpoint
CREATE UNIQUE INDEX "ai_providers_assist_idx" ON "ai_providers" USING btree ("assist") WHERE "ai_providers"."assist";