CREATE TABLE `audio_assets` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`content_hash` text NOT NULL,
	`source_format` text NOT NULL,
	`size` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`wav_size` integer NOT NULL,
	`ogg_size` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "audio_assets_format_check" CHECK("audio_assets"."source_format" in ('wav', 'mp3', 'ogg', 'm4a')),
	CONSTRAINT "audio_assets_size_check" CHECK("audio_assets"."size" > 0 and "audio_assets"."duration_ms" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audio_assets_hash_idx` ON `audio_assets` (`content_hash`);--> statement-breakpoint
CREATE INDEX `audio_assets_name_idx` ON `audio_assets` (`name`);