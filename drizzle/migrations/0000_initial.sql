CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`role` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "api_keys_role_check" CHECK("api_keys"."role" in ('admin', 'agent'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_idx` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `auth_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `auth_sessions_user_idx` ON `auth_sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `auth_sessions_expires_idx` ON `auth_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `flow_versions` (
	`flow_id` text NOT NULL,
	`number` integer NOT NULL,
	`document` text NOT NULL,
	`content_hash` text NOT NULL,
	`note` text,
	`author` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `number`),
	FOREIGN KEY (`flow_id`) REFERENCES `flows`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "flow_versions_number_positive" CHECK("flow_versions"."number" >= 1)
);
--> statement-breakpoint
CREATE TABLE `flows` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`draft` text NOT NULL,
	`draft_hash` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`version_count` integer DEFAULT 0 NOT NULL,
	`published_version` integer,
	`created_by` text,
	`updated_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	CONSTRAINT "flows_revision_positive" CHECK("flows"."revision" >= 1)
);
--> statement-breakpoint
CREATE INDEX `flows_name_idx` ON `flows` (`name`);--> statement-breakpoint
CREATE TABLE `inbound_events` (
	`id` text PRIMARY KEY NOT NULL,
	`channel_type` text NOT NULL,
	`channel_id` text NOT NULL,
	`provider_event_id` text NOT NULL,
	`session_id` text,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`response` text,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_events_provider_idx` ON `inbound_events` (`channel_id`,`provider_event_id`);--> statement-breakpoint
CREATE INDEX `inbound_events_session_idx` ON `inbound_events` (`session_id`);--> statement-breakpoint
CREATE INDEX `inbound_events_received_idx` ON `inbound_events` (`received_at`);--> statement-breakpoint
CREATE TABLE `session_steps` (
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`flow_id` text NOT NULL,
	`version` integer,
	`node_id` text NOT NULL,
	`node_type` text NOT NULL,
	`outcome` text,
	`input` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `seq`),
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`flow_id` text NOT NULL,
	`version` integer,
	`source` text NOT NULL,
	`channel_type` text NOT NULL,
	`channel_id` text,
	`contact` text,
	`status` text NOT NULL,
	`state` text NOT NULL,
	`rev` integer DEFAULT 1 NOT NULL,
	`step_count` integer DEFAULT 0 NOT NULL,
	`end_reason` text,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`flow_id`) REFERENCES `flows`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flow_id`,`version`) REFERENCES `flow_versions`(`flow_id`,`number`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sessions_status_check" CHECK("sessions"."status" in ('active', 'waiting', 'ended')),
	CONSTRAINT "sessions_source_check" CHECK(("sessions"."source" = 'published' and "sessions"."version" is not null) or ("sessions"."source" = 'draft' and "sessions"."version" is null))
);
--> statement-breakpoint
CREATE INDEX `sessions_started_idx` ON `sessions` (`started_at`,`id`);--> statement-breakpoint
CREATE INDEX `sessions_flow_idx` ON `sessions` (`flow_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `sessions_status_idx` ON `sessions` (`status`,`started_at`);--> statement-breakpoint
CREATE INDEX `sessions_channel_idx` ON `sessions` (`channel_type`,`channel_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `sessions_contact_idx` ON `sessions` (`channel_type`,`channel_id`,`contact`,`status`);--> statement-breakpoint
CREATE TABLE `timers` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`session_rev` integer NOT NULL,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	`payload` text NOT NULL,
	`claimed_by` text,
	`claimed_until` integer,
	`fired_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `timers_due_idx` ON `timers` (`due_at`) WHERE "timers"."fired_at" is null;--> statement-breakpoint
CREATE INDEX `timers_session_idx` ON `timers` (`session_id`,`kind`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer,
	CONSTRAINT "users_role_check" CHECK("users"."role" in ('admin', 'agent'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_idx` ON `users` (`email`);