CREATE TABLE `webchat_messages` (
	`visitor_id` text NOT NULL,
	`seq` integer NOT NULL,
	`sender` text NOT NULL,
	`text` text NOT NULL,
	`options` text,
	`author` text,
	`client_id` text,
	`session_id` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`visitor_id`, `seq`),
	FOREIGN KEY (`visitor_id`) REFERENCES `webchat_visitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "webchat_messages_sender_check" CHECK("webchat_messages"."sender" in ('visitor', 'bot', 'agent', 'system'))
);
--> statement-breakpoint
CREATE TABLE `webchat_visitors` (
	`id` text PRIMARY KEY NOT NULL,
	`channel_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`message_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webchat_visitors_token_idx` ON `webchat_visitors` (`token_hash`);--> statement-breakpoint
CREATE INDEX `webchat_visitors_channel_idx` ON `webchat_visitors` (`channel_id`);