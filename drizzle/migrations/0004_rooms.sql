CREATE TABLE `agent_states` (
	`user_id` text PRIMARY KEY NOT NULL,
	`availability` text DEFAULT 'available' NOT NULL,
	`capacity` integer DEFAULT 3 NOT NULL,
	`last_routed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agent_states_availability_check" CHECK("agent_states"."availability" in ('available', 'away')),
	CONSTRAINT "agent_states_capacity_check" CHECK("agent_states"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE `conversation_messages` (
	`conversation_id` text NOT NULL,
	`seq` integer NOT NULL,
	`participant_id` text,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `seq`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `conversation_participants`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "conversation_messages_kind_check" CHECK("conversation_messages"."kind" in ('text', 'speech_transcript', 'system'))
);
--> statement-breakpoint
CREATE TABLE `conversation_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`round` integer NOT NULL,
	`status` text NOT NULL,
	`offered_at` integer NOT NULL,
	`expires_at` integer,
	`closed_at` integer,
	`close_reason` text,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "conversation_offers_status_check" CHECK("conversation_offers"."status" in ('open', 'accepted', 'declined', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX `conversation_offers_user_idx` ON `conversation_offers` (`user_id`,`status`);--> statement-breakpoint
CREATE INDEX `conversation_offers_conversation_idx` ON `conversation_offers` (`conversation_id`,`status`);--> statement-breakpoint
CREATE TABLE `conversation_participants` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`role` text NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`display_name` text,
	`user_id` text,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "conversation_participants_role_check" CHECK("conversation_participants"."role" in ('customer', 'agent', 'observer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_participants_address_idx` ON `conversation_participants` (`conversation_id`,`channel`,`address`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`team_id` text,
	`channel_type` text NOT NULL,
	`channel_id` text,
	`contact` text,
	`subject` text NOT NULL,
	`priority` text NOT NULL,
	`status` text NOT NULL,
	`assignee_id` text,
	`transfer_token` text,
	`transfer_node_id` text,
	`hold_audio` text,
	`round` integer DEFAULT 1 NOT NULL,
	`offer_phase` text DEFAULT 'broadcast' NOT NULL,
	`offer_expires_at` integer,
	`message_count` integer DEFAULT 0 NOT NULL,
	`agents_tried` text DEFAULT '[]' NOT NULL,
	`waiting_since` integer,
	`answered_at` integer,
	`talk_started_at` integer,
	`hold_started_at` integer,
	`wait_ms` integer DEFAULT 0 NOT NULL,
	`hold_ms` integer DEFAULT 0 NOT NULL,
	`talk_ms` integer DEFAULT 0 NOT NULL,
	`close_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "conversations_priority_check" CHECK("conversations"."priority" in ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "conversations_status_check" CHECK("conversations"."status" in ('waiting', 'active', 'on_hold', 'closed')),
	CONSTRAINT "conversations_offer_phase_check" CHECK("conversations"."offer_phase" in ('single', 'broadcast'))
);
--> statement-breakpoint
CREATE INDEX `conversations_queue_idx` ON `conversations` (`status`,`team_id`,`waiting_since`);--> statement-breakpoint
CREATE INDEX `conversations_assignee_idx` ON `conversations` (`assignee_id`,`status`);--> statement-breakpoint
CREATE INDEX `conversations_session_idx` ON `conversations` (`session_id`);--> statement-breakpoint
CREATE INDEX `conversations_contact_idx` ON `conversations` (`channel_type`,`channel_id`,`contact`);--> statement-breakpoint
ALTER TABLE `teams` ADD `routing_strategy` text DEFAULT 'broadcast' NOT NULL;--> statement-breakpoint
ALTER TABLE `teams` ADD `offer_timeout_seconds` integer DEFAULT 20 NOT NULL;