PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`flow_id` text NOT NULL,
	`credentials` text NOT NULL,
	`settings` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`status` text NOT NULL,
	`status_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`flow_id`) REFERENCES `flows`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "channels_type_check" CHECK("__new_channels"."type" in ('twilio_voice', 'twilio_messaging', 'whatsapp_cloud', 'telegram', 'webchat', 'webvoice', 'sip_trunk')),
	CONSTRAINT "channels_status_check" CHECK("__new_channels"."status" in ('setup', 'active', 'inactive', 'error'))
);
--> statement-breakpoint
INSERT INTO `__new_channels`("id", "type", "name", "flow_id", "credentials", "settings", "enabled", "status", "status_message", "created_at", "updated_at") SELECT "id", "type", "name", "flow_id", "credentials", "settings", "enabled", "status", "status_message", "created_at", "updated_at" FROM `channels`;--> statement-breakpoint
DROP TABLE `channels`;--> statement-breakpoint
ALTER TABLE `__new_channels` RENAME TO `channels`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `channels_flow_idx` ON `channels` (`flow_id`);--> statement-breakpoint
CREATE INDEX `channels_name_idx` ON `channels` (`name`);