CREATE TABLE "agent_states" (
	"user_id" text PRIMARY KEY NOT NULL,
	"availability" text DEFAULT 'available' NOT NULL,
	"capacity" integer,
	"last_routed_at" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "agent_states_availability_check" CHECK ("agent_states"."availability" in ('available', 'away')),
	CONSTRAINT "agent_states_capacity_check" CHECK ("agent_states"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"role" text NOT NULL,
	"created_by" text,
	"created_at" bigint NOT NULL,
	"last_used_at" bigint,
	"revoked_at" bigint,
	CONSTRAINT "api_keys_role_check" CHECK ("api_keys"."role" in ('admin', 'agent'))
);
--> statement-breakpoint
CREATE TABLE "audio_assets" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"content_hash" text NOT NULL,
	"source_format" text NOT NULL,
	"size" integer NOT NULL,
	"duration_ms" bigint NOT NULL,
	"wav_size" integer NOT NULL,
	"ogg_size" integer NOT NULL,
	"created_by" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "audio_assets_format_check" CHECK ("audio_assets"."source_format" in ('wav', 'mp3', 'ogg', 'm4a')),
	CONSTRAINT "audio_assets_size_check" CHECK ("audio_assets"."size" > 0 and "audio_assets"."duration_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_agents" (
	"id" text PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"user_id" text,
	"joined_at" bigint NOT NULL,
	"left_at" bigint
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" text PRIMARY KEY NOT NULL,
	"channel_id" text,
	"channel_type" text NOT NULL,
	"direction" text NOT NULL,
	"from_address" text,
	"to_address" text,
	"state" text NOT NULL,
	"session_id" text,
	"conversation_id" text,
	"created_at" bigint NOT NULL,
	"answered_at" bigint,
	"ended_at" bigint,
	"end_reason" text,
	"hung_up_by" text,
	"hold_ms" bigint DEFAULT 0 NOT NULL,
	"recording_path" text,
	"recording_ms" bigint,
	"recording_error" text,
	"recording_mode" text DEFAULT 'off' NOT NULL,
	CONSTRAINT "calls_direction_check" CHECK ("calls"."direction" in ('inbound', 'outbound')),
	CONSTRAINT "calls_state_check" CHECK ("calls"."state" in ('ringing', 'active', 'ended')),
	CONSTRAINT "calls_hung_up_by_check" CHECK ("calls"."hung_up_by" in ('caller', 'agent', 'system')),
	CONSTRAINT "calls_recording_mode_check" CHECK ("calls"."recording_mode" in ('off', 'agent', 'call')),
	CONSTRAINT "calls_hold_check" CHECK ("calls"."hold_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"flow_id" text NOT NULL,
	"credentials" text NOT NULL,
	"settings" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"status" text NOT NULL,
	"status_message" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "channels_type_check" CHECK ("channels"."type" in ('twilio_voice', 'twilio_messaging', 'whatsapp_cloud', 'telegram', 'webchat', 'webvoice', 'sip_trunk')),
	CONSTRAINT "channels_status_check" CHECK ("channels"."status" in ('setup', 'active', 'inactive', 'error'))
);
--> statement-breakpoint
CREATE TABLE "conversation_messages" (
	"conversation_id" text NOT NULL,
	"seq" integer NOT NULL,
	"participant_id" text,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"at" bigint NOT NULL,
	CONSTRAINT "conversation_messages_pk" PRIMARY KEY("conversation_id","seq"),
	CONSTRAINT "conversation_messages_kind_check" CHECK ("conversation_messages"."kind" in ('text', 'speech_transcript', 'system'))
);
--> statement-breakpoint
CREATE TABLE "conversation_offers" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"user_id" text NOT NULL,
	"round" integer NOT NULL,
	"status" text NOT NULL,
	"offered_at" bigint NOT NULL,
	"expires_at" bigint,
	"closed_at" bigint,
	"close_reason" text,
	CONSTRAINT "conversation_offers_status_check" CHECK ("conversation_offers"."status" in ('open', 'accepted', 'declined', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "conversation_participants" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"role" text NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"display_name" text,
	"user_id" text,
	"joined_at" bigint NOT NULL,
	"left_at" bigint,
	"call_sid" text,
	CONSTRAINT "conversation_participants_role_check" CHECK ("conversation_participants"."role" in ('customer', 'agent', 'observer'))
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text,
	"team_id" text,
	"channel_type" text NOT NULL,
	"channel_id" text,
	"contact" text,
	"subject" text NOT NULL,
	"priority" text NOT NULL,
	"status" text NOT NULL,
	"assignee_id" text,
	"transfer_token" text,
	"transfer_node_id" text,
	"hold_audio" text,
	"round" integer DEFAULT 1 NOT NULL,
	"offer_phase" text DEFAULT 'broadcast' NOT NULL,
	"offer_expires_at" bigint,
	"message_count" integer DEFAULT 0 NOT NULL,
	"agents_tried" text DEFAULT '[]' NOT NULL,
	"waiting_since" bigint,
	"answered_at" bigint,
	"talk_started_at" bigint,
	"hold_started_at" bigint,
	"wait_ms" bigint DEFAULT 0 NOT NULL,
	"hold_ms" bigint DEFAULT 0 NOT NULL,
	"talk_ms" bigint DEFAULT 0 NOT NULL,
	"close_reason" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"closed_at" bigint,
	CONSTRAINT "conversations_priority_check" CHECK ("conversations"."priority" in ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "conversations_status_check" CHECK ("conversations"."status" in ('waiting', 'active', 'on_hold', 'closed')),
	CONSTRAINT "conversations_offer_phase_check" CHECK ("conversations"."offer_phase" in ('single', 'broadcast'))
);
--> statement-breakpoint
CREATE TABLE "flow_versions" (
	"flow_id" text NOT NULL,
	"number" integer NOT NULL,
	"document" text NOT NULL,
	"content_hash" text NOT NULL,
	"note" text,
	"author" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "flow_versions_pk" PRIMARY KEY("flow_id","number"),
	CONSTRAINT "flow_versions_number_positive" CHECK ("flow_versions"."number" >= 1)
);
--> statement-breakpoint
CREATE TABLE "flows" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"draft" text NOT NULL,
	"draft_hash" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"version_count" integer DEFAULT 0 NOT NULL,
	"published_version" integer,
	"created_by" text,
	"updated_by" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint,
	CONSTRAINT "flows_revision_positive" CHECK ("flows"."revision" >= 1)
);
--> statement-breakpoint
CREATE TABLE "inbound_events" (
	"id" text PRIMARY KEY NOT NULL,
	"channel_type" text NOT NULL,
	"channel_id" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"session_id" text,
	"payload" text NOT NULL,
	"received_at" bigint NOT NULL,
	"processed_at" bigint,
	"response" text
);
--> statement-breakpoint
CREATE TABLE "session_steps" (
	"session_id" text NOT NULL,
	"seq" integer NOT NULL,
	"flow_id" text NOT NULL,
	"version" integer,
	"node_id" text NOT NULL,
	"node_type" text NOT NULL,
	"outcome" text,
	"input" text,
	"at" bigint NOT NULL,
	CONSTRAINT "session_steps_pk" PRIMARY KEY("session_id","seq")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"flow_id" text NOT NULL,
	"version" integer,
	"source" text NOT NULL,
	"channel_type" text NOT NULL,
	"channel_id" text,
	"contact" text,
	"status" text NOT NULL,
	"state" text NOT NULL,
	"document" text,
	"rev" integer DEFAULT 1 NOT NULL,
	"step_count" integer DEFAULT 0 NOT NULL,
	"end_reason" text,
	"started_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"ended_at" bigint,
	CONSTRAINT "sessions_status_check" CHECK ("sessions"."status" in ('active', 'waiting', 'ended')),
	CONSTRAINT "sessions_source_check" CHECK (("sessions"."source" = 'published' and "sessions"."version" is not null) or ("sessions"."source" = 'draft' and "sessions"."version" is null))
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"added_at" bigint NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"routing_strategy" text DEFAULT 'broadcast' NOT NULL,
	"offer_timeout_seconds" integer DEFAULT 20 NOT NULL,
	"hold_audio" text,
	"transfer_timeout_seconds" integer,
	"capacity" integer,
	"recording" text DEFAULT 'off' NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "teams_recording_check" CHECK ("teams"."recording" in ('off', 'agent', 'call'))
);
--> statement-breakpoint
CREATE TABLE "timers" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"session_rev" integer NOT NULL,
	"kind" text NOT NULL,
	"due_at" bigint NOT NULL,
	"payload" text NOT NULL,
	"claimed_by" text,
	"claimed_until" bigint,
	"fired_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"disabled_at" bigint,
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin', 'agent'))
);
--> statement-breakpoint
CREATE TABLE "webchat_messages" (
	"visitor_id" text NOT NULL,
	"seq" integer NOT NULL,
	"sender" text NOT NULL,
	"text" text NOT NULL,
	"options" text,
	"author" text,
	"client_id" text,
	"session_id" text,
	"at" bigint NOT NULL,
	CONSTRAINT "webchat_messages_pk" PRIMARY KEY("visitor_id","seq"),
	CONSTRAINT "webchat_messages_sender_check" CHECK ("webchat_messages"."sender" in ('visitor', 'bot', 'agent', 'system'))
);
--> statement-breakpoint
CREATE TABLE "webchat_visitors" (
	"id" text PRIMARY KEY NOT NULL,
	"channel_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_states" ADD CONSTRAINT "agent_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_agents" ADD CONSTRAINT "call_agents_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_agents" ADD CONSTRAINT "call_agents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_messages" ADD CONSTRAINT "conversation_messages_participant_id_conversation_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."conversation_participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_offers" ADD CONSTRAINT "conversation_offers_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_offers" ADD CONSTRAINT "conversation_offers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_participants" ADD CONSTRAINT "conversation_participants_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_participants" ADD CONSTRAINT "conversation_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_events" ADD CONSTRAINT "inbound_events_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_steps" ADD CONSTRAINT "session_steps_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_version_fk" FOREIGN KEY ("flow_id","version") REFERENCES "public"."flow_versions"("flow_id","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timers" ADD CONSTRAINT "timers_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webchat_messages" ADD CONSTRAINT "webchat_messages_visitor_id_webchat_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."webchat_visitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webchat_messages" ADD CONSTRAINT "webchat_messages_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webchat_visitors" ADD CONSTRAINT "webchat_visitors_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "audio_assets_hash_idx" ON "audio_assets" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "audio_assets_name_idx" ON "audio_assets" USING btree ("name");--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auth_sessions_expires_idx" ON "auth_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "call_agents_call_idx" ON "call_agents" USING btree ("call_id","joined_at");--> statement-breakpoint
CREATE INDEX "call_agents_user_idx" ON "call_agents" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "calls_created_idx" ON "calls" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "calls_session_idx" ON "calls" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "calls_live_idx" ON "calls" USING btree ("created_at") WHERE "calls"."state" <> 'ended';--> statement-breakpoint
CREATE INDEX "channels_flow_idx" ON "channels" USING btree ("flow_id");--> statement-breakpoint
CREATE INDEX "channels_name_idx" ON "channels" USING btree ("name");--> statement-breakpoint
CREATE INDEX "conversation_offers_user_idx" ON "conversation_offers" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "conversation_offers_conversation_idx" ON "conversation_offers" USING btree ("conversation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_participants_address_idx" ON "conversation_participants" USING btree ("conversation_id","channel","address");--> statement-breakpoint
CREATE INDEX "conversations_queue_idx" ON "conversations" USING btree ("status","team_id","waiting_since");--> statement-breakpoint
CREATE INDEX "conversations_assignee_idx" ON "conversations" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "conversations_session_idx" ON "conversations" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "conversations_contact_idx" ON "conversations" USING btree ("channel_type","channel_id","contact");--> statement-breakpoint
CREATE INDEX "flows_name_idx" ON "flows" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_provider_idx" ON "inbound_events" USING btree ("channel_id","provider_event_id");--> statement-breakpoint
CREATE INDEX "inbound_events_session_idx" ON "inbound_events" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "inbound_events_received_idx" ON "inbound_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "sessions_started_idx" ON "sessions" USING btree ("started_at","id");--> statement-breakpoint
CREATE INDEX "sessions_flow_idx" ON "sessions" USING btree ("flow_id","started_at");--> statement-breakpoint
CREATE INDEX "sessions_status_idx" ON "sessions" USING btree ("status","started_at");--> statement-breakpoint
CREATE INDEX "sessions_channel_idx" ON "sessions" USING btree ("channel_type","channel_id","started_at");--> statement-breakpoint
CREATE INDEX "sessions_contact_idx" ON "sessions" USING btree ("channel_type","channel_id","contact","status");--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "timers_due_idx" ON "timers" USING btree ("due_at") WHERE "timers"."fired_at" is null;--> statement-breakpoint
CREATE INDEX "timers_session_idx" ON "timers" USING btree ("session_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "webchat_visitors_token_idx" ON "webchat_visitors" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "webchat_visitors_channel_idx" ON "webchat_visitors" USING btree ("channel_id");