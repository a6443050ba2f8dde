CREATE TABLE `conversation_insights` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`summary` text NOT NULL,
	`sentiment` real,
	`sentiment_label` text,
	`fields` text NOT NULL,
	`engine` text NOT NULL,
	`provider_name` text,
	`message_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "conversation_insights_sentiment_check" CHECK("conversation_insights"."sentiment" is null or ("conversation_insights"."sentiment" >= -1 and "conversation_insights"."sentiment" <= 1))
);
--> statement-breakpoint
CREATE INDEX `conversation_insights_label_idx` ON `conversation_insights` (`sentiment_label`);--> statement-breakpoint
ALTER TABLE `ai_providers` ADD `assist` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `ai_providers_assist_idx` ON `ai_providers` (`assist`) WHERE "ai_providers"."assist";