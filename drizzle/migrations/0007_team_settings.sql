PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_agent_states` (
	`user_id` text PRIMARY KEY NOT NULL,
	`availability` text DEFAULT 'available' NOT NULL,
	`capacity` integer,
	`last_routed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agent_states_availability_check" CHECK("__new_agent_states"."availability" in ('available', 'away')),
	CONSTRAINT "agent_states_capacity_check" CHECK("__new_agent_states"."capacity" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_agent_states`("user_id", "availability", "capacity", "last_routed_at", "updated_at") SELECT "user_id", "availability", "capacity", "last_routed_at", "updated_at" FROM `agent_states`;--> statement-breakpoint
DROP TABLE `agent_states`;--> statement-breakpoint
ALTER TABLE `__new_agent_states` RENAME TO `agent_states`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `teams` ADD `hold_audio` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `transfer_timeout_seconds` integer;--> statement-breakpoint
ALTER TABLE `teams` ADD `capacity` integer;--> statement-breakpoint
-- Before 0007 every agent_states row had a capacity: 3 was written by setting availability and by round robin as often as by an admin, so 3 is taken as "not set" (the team default, else 3).
UPDATE `agent_states` SET `capacity` = NULL WHERE `capacity` = 3;
