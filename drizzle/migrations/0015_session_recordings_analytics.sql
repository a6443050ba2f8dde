CREATE TABLE `analytics_agent_rollups` (
	`metric` text NOT NULL,
	`bucket_at` integer NOT NULL,
	`user_id` text NOT NULL,
	`team_id` text NOT NULL,
	`channel_type` text NOT NULL,
	`n` integer NOT NULL,
	`total_ms` integer NOT NULL,
	PRIMARY KEY(`metric`, `bucket_at`, `user_id`, `team_id`, `channel_type`)
);
--> statement-breakpoint
CREATE TABLE `analytics_jobs` (
	`name` text PRIMARY KEY NOT NULL,
	`done_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `analytics_rollups` (
	`metric` text NOT NULL,
	`grain` integer NOT NULL,
	`bucket_at` integer NOT NULL,
	`flow_id` text NOT NULL,
	`version` integer NOT NULL,
	`channel_type` text NOT NULL,
	`channel_id` text NOT NULL,
	`team_id` text NOT NULL,
	`node_id` text NOT NULL,
	`detail` text NOT NULL,
	`n` integer NOT NULL,
	`total_ms` integer NOT NULL,
	PRIMARY KEY(`metric`, `grain`, `bucket_at`, `flow_id`, `version`, `channel_type`, `channel_id`, `team_id`, `node_id`, `detail`)
);
--> statement-breakpoint
CREATE INDEX `analytics_rollups_series_idx` ON `analytics_rollups` (`grain`,`bucket_at`,`channel_type`,`flow_id`,`channel_id`,`n`) WHERE "analytics_rollups"."metric" = 'started';--> statement-breakpoint
CREATE TABLE `session_recordings` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`node_id` text NOT NULL,
	`call_id` text,
	`source` text NOT NULL,
	`path` text,
	`remote_url` text,
	`content_type` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`bytes` integer,
	`finish_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "session_recordings_where_check" CHECK(("session_recordings"."path" is not null) or ("session_recordings"."remote_url" is not null)),
	CONSTRAINT "session_recordings_duration_check" CHECK("session_recordings"."duration_ms" >= 0)
);
--> statement-breakpoint
CREATE INDEX `session_recordings_session_idx` ON `session_recordings` (`session_id`,`created_at`);