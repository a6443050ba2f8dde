CREATE TABLE `transcription_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`base_url` text NOT NULL,
	`api_key` text,
	`model` text NOT NULL,
	`language` text,
	`timeout_seconds` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "transcription_providers_timeout_check" CHECK("transcription_providers"."timeout_seconds" > 0)
);
