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