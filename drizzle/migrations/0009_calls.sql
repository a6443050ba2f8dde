CREATE TABLE `call_agents` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`user_id` text,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `call_agents_call_idx` ON `call_agents` (`call_id`,`joined_at`);--> statement-breakpoint
CREATE INDEX `call_agents_user_idx` ON `call_agents` (`user_id`);--> statement-breakpoint
CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`channel_id` text,
	`channel_type` text NOT NULL,
	`direction` text NOT NULL,
	`from_address` text,
	`to_address` text,
	`state` text NOT NULL,
	`session_id` text,
	`conversation_id` text,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	`ended_at` integer,
	`end_reason` text,
	`hung_up_by` text,
	`hold_ms` integer DEFAULT 0 NOT NULL,
	`recording_path` text,
	`recording_ms` integer,
	`recording_error` text,
	`recording_mode` text DEFAULT 'off' NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "calls_direction_check" CHECK("calls"."direction" in ('inbound', 'outbound')),
	CONSTRAINT "calls_state_check" CHECK("calls"."state" in ('ringing', 'active', 'ended')),
	CONSTRAINT "calls_hung_up_by_check" CHECK("calls"."hung_up_by" in ('caller', 'agent', 'system')),
	CONSTRAINT "calls_recording_mode_check" CHECK("calls"."recording_mode" in ('off', 'agent', 'call')),
	CONSTRAINT "calls_hold_check" CHECK("calls"."hold_ms" >= 0)
);
--> statement-breakpoint
CREATE INDEX `calls_created_idx` ON `calls` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `calls_session_idx` ON `calls` (`session_id`);--> statement-breakpoint
CREATE INDEX `calls_live_idx` ON `calls` (`created_at`) WHERE "calls"."state" <> 'ended';--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_teams` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`routing_strategy` text DEFAULT 'broadcast' NOT NULL,
	`offer_timeout_seconds` integer DEFAULT 20 NOT NULL,
	`hold_audio` text,
	`transfer_timeout_seconds` integer,
	`capacity` integer,
	`recording` text DEFAULT 'off' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "teams_recording_check" CHECK("__new_teams"."recording" in ('off', 'agent', 'call'))
);
--> statement-breakpoint
-- Hand-edited: drizzle-kit also copied "recording", which the old table does not have; every team starts with the default, off.
INSERT INTO `__new_teams`("id", "name", "routing_strategy", "offer_timeout_seconds", "hold_audio", "transfer_timeout_seconds", "capacity", "created_at", "updated_at") SELECT "id", "name", "routing_strategy", "offer_timeout_seconds", "hold_audio", "transfer_timeout_seconds", "capacity", "created_at", "updated_at" FROM `teams`;--> statement-breakpoint
DROP TABLE `teams`;--> statement-breakpoint
ALTER TABLE `__new_teams` RENAME TO `teams`;--> statement-breakpoint
PRAGMA foreign_keys=ON;