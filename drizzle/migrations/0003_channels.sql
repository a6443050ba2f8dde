CREATE TABLE `channels` (
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
	CONSTRAINT "channels_type_check" CHECK("channels"."type" in ('twilio_voice', 'twilio_messaging', 'whatsapp_cloud', 'telegram', 'webchat')),
	CONSTRAINT "channels_status_check" CHECK("channels"."status" in ('setup', 'active', 'inactive', 'error'))
);
--> statement-breakpoint
CREATE INDEX `channels_flow_idx` ON `channels` (`flow_id`);--> statement-breakpoint
CREATE INDEX `channels_name_idx` ON `channels` (`name`);