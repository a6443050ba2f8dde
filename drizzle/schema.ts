/**
 * The one drizzle schema of Switchboard's store, written once for SQLite and PostgreSQL.
 *
 * The table and column builders come from `#dialect` (package.json "imports"): sqlite-core's by
 * default, pg-core's under the `switchboard-postgres` import condition (drizzle/README.md). So
 * every table is exactly a sqlite-core table in the SQLite build and a pg-core table in the
 * PostgreSQL one, each fully typed.
 *
 * Conventions, so every query gives the same results on both:
 * - Every time is an integer of milliseconds since the Unix epoch (UTC), named `*_at`, and every
 *   duration is milliseconds, named `*_ms`: `ms()` (PostgreSQL: `bigint`, read as a number).
 *   Never ISO text, never SQL date functions.
 * - JSON is stored as text written by the store (`JSON.stringify`), never queried inside SQL
 *   (PostgreSQL: `text` too, or `jsonb` if a query ever needs it).
 * - Ids are text chosen by the application (flow ids from the document, random UUIDs otherwise).
 * - Enumerations are text with a CHECK constraint, not dialect-only types; booleans are `flag()`.
 * - Nothing relies on SQLite's rowid or AUTOINCREMENT, or on PostgreSQL sequences: sequence
 *   numbers (`flow_versions.number`, `session_steps.seq`) come from counters kept on the parent
 *   row and bumped in the same UPDATE.
 *
 * Change this file, then run `npm run db:generate -- --name what_changed` and commit both
 * drizzle/migrations/ (SQLite) and drizzle/postgres-migrations/ (PostgreSQL).
 */
import { sql } from "drizzle-orm";
import { check, flag, foreignKey, fraction, index, integer, ms, primaryKey, table, text, uniqueIndex } from "#dialect";
import { CHANNEL_STATUSES, CHANNEL_TYPES } from "./channel-enums";
import { INSIGHT_ENGINES, SENTIMENT_LABELS } from "./insight-enums";

export const SESSION_STATUSES = ["active", "waiting", "ended"] as const;
export const SESSION_SOURCES = ["published", "draft"] as const;
export const ROLES = ["admin", "agent"] as const;
export const ROUTING_STRATEGIES = ["broadcast", "round_robin"] as const;
/** A team's call recording: none, from the moment an agent joins, or the whole call (flow included). */
export const RECORDING_MODES = ["off", "agent", "call"] as const;
export { CHANNEL_STATUSES, CHANNEL_TYPES };

/**
 * One row per flow: its mutable draft. Deleting a flow is a soft delete (`deleted_at`): its
 * versions, and the sessions pinned to them, stay readable. Creating a flow again with the id of a
 * deleted one revives the row (new draft, revision continues, version numbers continue).
 */
export const flows = table(
  "flows",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** The draft document, as JSON. */
    draft: text("draft").notNull(),
    /** Content hash of the draft (canonical JSON, sha256 hex): compared with the published version's. */
    draftHash: text("draft_hash").notNull(),
    /** Starts at 1, +1 on every save; a save names the revision it was based on. */
    revision: integer("revision").notNull().default(1),
    /** How many versions were ever published: the next version is `version_count + 1`. */
    versionCount: integer("version_count").notNull().default(0),
    /** Number of the live version; null when never published. */
    publishedVersion: integer("published_version"),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    deletedAt: ms("deleted_at"),
  },
  (t) => [index("flows_name_idx").on(t.name), check("flows_revision_positive", sql`${t.revision} >= 1`)],
);

/** Published versions: immutable, the store only ever inserts them. */
export const flowVersions = table(
  "flow_versions",
  {
    flowId: text("flow_id")
      .notNull()
      .references(() => flows.id),
    /** 1..n per flow. */
    number: integer("number").notNull(),
    document: text("document").notNull(),
    /** sha256 hex of the document's canonical JSON (sorted keys). */
    contentHash: text("content_hash").notNull(),
    note: text("note"),
    /** A user id or an API key name. */
    author: text("author").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [primaryKey({ name: "flow_versions_pk", columns: [t.flowId, t.number] }), check("flow_versions_number_positive", sql`${t.number} >= 1`)],
);

/** A conversation: pinned to the version it started on (or to the draft, for simulations). */
export const sessions = table(
  "sessions",
  {
    id: text("id").primaryKey(),
    flowId: text("flow_id")
      .notNull()
      .references(() => flows.id),
    /** The pinned version; null when `source` is "draft". */
    version: integer("version"),
    source: text("source", { enum: SESSION_SOURCES }).notNull(),
    /** Driver kind: twilio_voice, twilio_sms, whatsapp, telegram, web_chat, simulator… */
    channelType: text("channel_type").notNull(),
    /** The configured channel instance, when there is one. */
    channelId: text("channel_id"),
    /** The caller's or contact's address (phone number, chat id…). */
    contact: text("contact"),
    status: text("status", { enum: SESSION_STATUSES }).notNull(),
    /** The engine's session state, as JSON. */
    state: text("state").notNull(),
    /**
     * A draft simulation's flow document as it was when the session started (JSON), so later draft
     * edits do not change a running simulation. Null for published sessions.
     */
    document: text("document"),
    /** Starts at 1, +1 on every committed step: guards concurrent updates. */
    rev: integer("rev").notNull().default(1),
    /** Number of rows in session_steps: the next step's seq is `step_count + 1`. */
    stepCount: integer("step_count").notNull().default(0),
    endReason: text("end_reason"),
    startedAt: ms("started_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    endedAt: ms("ended_at"),
  },
  (t) => [
    foreignKey({ name: "sessions_version_fk", columns: [t.flowId, t.version], foreignColumns: [flowVersions.flowId, flowVersions.number] }),
    index("sessions_started_idx").on(t.startedAt, t.id),
    index("sessions_flow_idx").on(t.flowId, t.startedAt),
    index("sessions_status_idx").on(t.status, t.startedAt),
    index("sessions_channel_idx").on(t.channelType, t.channelId, t.startedAt),
    index("sessions_contact_idx").on(t.channelType, t.channelId, t.contact, t.status),
    check("sessions_status_check", sql`${t.status} in ('active', 'waiting', 'ended')`),
    check("sessions_source_check", sql`(${t.source} = 'published' and ${t.version} is not null) or (${t.source} = 'draft' and ${t.version} is null)`),
  ],
);

/** The traversal path of a session: append-only. */
export const sessionSteps = table(
  "session_steps",
  {
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    /** 1..n per session. */
    seq: integer("seq").notNull(),
    /** The flow the node belongs to (differs from the session's after a goto_flow). */
    flowId: text("flow_id").notNull(),
    /** Null for a draft. */
    version: integer("version"),
    nodeId: text("node_id").notNull(),
    nodeType: text("node_type").notNull(),
    /** The handle the step left by (`next`, `option:1`, `timeout`…); null when it did not leave. */
    outcome: text("outcome"),
    /** What the caller said, typed or pressed, when the step consumed input. */
    input: text("input"),
    at: ms("at").notNull(),
  },
  (t) => [primaryKey({ name: "session_steps_pk", columns: [t.sessionId, t.seq] })],
);

/** Durable timers. A claim is a lease: a worker that dies leaves it to expire and be claimed again. */
export const timers = table(
  "timers",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    /** The session's rev right after the step that armed it: firing is stale once the rev moved. */
    sessionRev: integer("session_rev").notNull(),
    /** input_timeout, transfer_timeout, http_timeout… */
    kind: text("kind").notNull(),
    dueAt: ms("due_at").notNull(),
    /** JSON. */
    payload: text("payload").notNull(),
    claimedBy: text("claimed_by"),
    claimedUntil: ms("claimed_until"),
    firedAt: ms("fired_at"),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    index("timers_due_idx")
      .on(t.dueAt)
      .where(sql`${t.firedAt} is null`),
    index("timers_session_idx").on(t.sessionId, t.kind),
  ],
);

/** Every webhook or socket event as received, stored before processing so retries are recognised. */
export const inboundEvents = table(
  "inbound_events",
  {
    id: text("id").primaryKey(),
    channelType: text("channel_type").notNull(),
    channelId: text("channel_id").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    sessionId: text("session_id").references(() => sessions.id, { onDelete: "set null" }),
    /** The raw request body. */
    payload: text("payload").notNull(),
    receivedAt: ms("received_at").notNull(),
    processedAt: ms("processed_at"),
    /** The response sent, so a replayed webhook gets the same answer. */
    response: text("response"),
  },
  (t) => [
    uniqueIndex("inbound_events_provider_idx").on(t.channelId, t.providerEventId),
    index("inbound_events_session_idx").on(t.sessionId),
    index("inbound_events_received_idx").on(t.receivedAt),
  ],
);

export const users = table(
  "users",
  {
    id: text("id").primaryKey(),
    /** Trimmed and lower-cased by the store. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
    passwordHash: text("password_hash").notNull(),
    createdAt: ms("created_at").notNull(),
    disabledAt: ms("disabled_at"),
  },
  (t) => [uniqueIndex("users_email_idx").on(t.email), check("users_role_check", sql`${t.role} in ('admin', 'agent')`)],
);

export const apiKeys = table(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** sha256 hex of the key: the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    /** The first characters of the key, shown in the UI to tell keys apart. */
    prefix: text("prefix").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    lastUsedAt: ms("last_used_at"),
    revokedAt: ms("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.keyHash), check("api_keys_role_check", sql`${t.role} in ('admin', 'agent')`)],
);

/** Login cookies. `id` is the sha256 hex of the cookie's token, never the token. */
export const authSessions = table(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId), index("auth_sessions_expires_idx").on(t.expiresAt)],
);

/** Agent teams: a transfer node names one by id. Routing settings arrive with agent rooms. */
export const teams = table(
  "teams",
  {
    /** Stable id used in flows (`transfer.teamId`), e.g. `support`. */
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** How agent rooms offer a conversation: `broadcast` (all at once) or `round_robin` (one agent, then everyone). Checked by the store. */
    routingStrategy: text("routing_strategy", { enum: ROUTING_STRATEGIES }).notNull().default("broadcast"),
    /** round_robin: how long the one agent has before everyone is offered the conversation. */
    offerTimeoutSeconds: integer("offer_timeout_seconds").notNull().default(20),
    /**
     * What the team's voice callers hear while they wait or are held, when the transfer names none:
     * an `audio_assets` id, `hold` or `ringback`; null = the shipped `hold`. Checked by the API (an
     * asset's delete is refused while a team names it).
     */
    holdAudio: text("hold_audio"),
    /** Seconds a transfer to this team waits for an agent before `no_answer`; null = the transfer node's `timeoutSeconds`. */
    transferTimeoutSeconds: integer("transfer_timeout_seconds"),
    /** Conversations a member takes at once when they have no capacity of their own; null = 3. Ranges (5–3600 s, 1–100) are the API's. */
    capacity: integer("capacity"),
    /** Recording of the team's calls on the media plane: `off` (default), `agent` (from when an agent joins) or `call` (the whole call, flow included). */
    recording: text("recording", { enum: RECORDING_MODES }).notNull().default("off"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [check("teams_recording_check", sql`${t.recording} in ('off', 'agent', 'call')`)],
);

/** Which agents belong to which team. */
export const teamMembers = table(
  "team_members",
  {
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedAt: ms("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

/**
 * Configured channels (a Twilio number, a WhatsApp Cloud number, a Telegram bot, a web chat
 * widget), each bound to the flow its conversations run (that flow's published version).
 */
export const channels = table(
  "channels",
  {
    id: text("id").primaryKey(),
    type: text("type", { enum: CHANNEL_TYPES }).notNull(),
    name: text("name").notNull(),
    flowId: text("flow_id")
      .notNull()
      .references(() => flows.id),
    /** The provider credentials as JSON, sealed with AES-256-GCM by runtime/channels (never plaintext). */
    credentials: text("credentials").notNull(),
    /** Type-specific settings, as JSON (e.g. webchat allowedOrigins). */
    settings: text("settings").notNull(),
    enabled: flag("enabled").notNull().default(true),
    status: text("status", { enum: CHANNEL_STATUSES }).notNull(),
    /** Why the channel is in its status (e.g. the flow has no published version, the provider refused the credentials). */
    statusMessage: text("status_message"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    index("channels_flow_idx").on(t.flowId),
    index("channels_name_idx").on(t.name),
    check("channels_type_check", sql`${t.type} in ('twilio_voice', 'twilio_messaging', 'whatsapp_cloud', 'telegram', 'webchat', 'webvoice', 'sip_trunk')`),
    check("channels_status_check", sql`${t.status} in ('setup', 'active', 'inactive', 'error')`),
  ],
);

// ── Agent rooms ──────────────────────────────────────────────────────────────────────────────

export const AGENT_AVAILABILITIES = ["available", "away"] as const;
export const CONVERSATION_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const CONVERSATION_STATUSES = ["waiting", "active", "on_hold", "closed"] as const;
export const PARTICIPANT_ROLES = ["customer", "agent", "observer"] as const;
export const MESSAGE_KINDS = ["text", "speech_transcript", "system"] as const;
export const OFFER_STATUSES = ["open", "accepted", "declined", "withdrawn"] as const;
export const OFFER_PHASES = ["single", "broadcast"] as const;

/**
 * What an agent chose (availability) and can take (capacity). Presence (online/offline) is not
 * stored: it follows the agent's sockets. No row means available with the default capacity.
 */
export const agentStates = table(
  "agent_states",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    availability: text("availability", { enum: AGENT_AVAILABILITIES }).notNull().default("available"),
    /**
     * Conversations (active or on hold) the agent may have at once, set by an admin; null = the
     * highest `capacity` among the agent's teams, else 3 (runtime/rooms/README.md, "Capacity").
     */
    capacity: integer("capacity"),
    /** When round robin last picked the agent: the next pick is whoever waited longest. */
    lastRoutedAt: ms("last_routed_at"),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    check("agent_states_availability_check", sql`${t.availability} in ('available', 'away')`),
    check("agent_states_capacity_check", sql`${t.capacity} >= 0`),
  ],
);

/** A conversation (room) between a contact and agents, opened by a flow's transfer. */
export const conversations = table(
  "conversations",
  {
    id: text("id").primaryKey(),
    /** The flow session that transferred it (latest, when reopened by another session). */
    sessionId: text("session_id").references(() => sessions.id, { onDelete: "set null" }),
    teamId: text("team_id").references(() => teams.id, { onDelete: "set null" }),
    channelType: text("channel_type").notNull(),
    channelId: text("channel_id"),
    /** The contact's address on the channel (phone number, chat id…). */
    contact: text("contact"),
    subject: text("subject").notNull(),
    priority: text("priority", { enum: CONVERSATION_PRIORITIES }).notNull(),
    status: text("status", { enum: CONVERSATION_STATUSES }).notNull(),
    assigneeId: text("assignee_id").references(() => users.id, { onDelete: "set null" }),
    /** The transfer wait of the session (token and node), while the flow waits for this conversation. */
    transferToken: text("transfer_token"),
    transferNodeId: text("transfer_node_id"),
    holdAudio: text("hold_audio"),
    /** +1 every time the conversation is queued again (transfer, reopen): declines count per round. */
    round: integer("round").notNull().default(1),
    /** `single` while one agent has it (round robin, direct transfer) until `offer_expires_at`; then `broadcast`. */
    offerPhase: text("offer_phase", { enum: OFFER_PHASES }).notNull().default("broadcast"),
    offerExpiresAt: ms("offer_expires_at"),
    /** Messages so far: the next message's seq is `message_count + 1`. */
    messageCount: integer("message_count").notNull().default(0),
    /** User ids ever offered the conversation, JSON array, in order. */
    agentsTried: text("agents_tried").notNull().default("[]"),
    /** When it entered the queue (FIFO order); null when not waiting. */
    waitingSince: ms("waiting_since"),
    /** When an agent first took it (in the current round). */
    answeredAt: ms("answered_at"),
    /** Start of the current talk segment (active, not on hold); null otherwise. */
    talkStartedAt: ms("talk_started_at"),
    holdStartedAt: ms("hold_started_at"),
    /** Totals over the conversation's life: queued, on hold by an agent, talking with an agent. */
    waitMs: ms("wait_ms").notNull().default(0),
    holdMs: ms("hold_ms").notNull().default(0),
    talkMs: ms("talk_ms").notNull().default(0),
    closeReason: text("close_reason"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    closedAt: ms("closed_at"),
  },
  (t) => [
    index("conversations_queue_idx").on(t.status, t.teamId, t.waitingSince),
    index("conversations_assignee_idx").on(t.assigneeId, t.status),
    index("conversations_session_idx").on(t.sessionId),
    index("conversations_contact_idx").on(t.channelType, t.channelId, t.contact),
    check("conversations_priority_check", sql`${t.priority} in ('low', 'normal', 'high', 'urgent')`),
    check("conversations_status_check", sql`${t.status} in ('waiting', 'active', 'on_hold', 'closed')`),
    check("conversations_offer_phase_check", sql`${t.offerPhase} in ('single', 'broadcast')`),
  ],
);

/** Who is in a conversation: the customer, agents, observers; each on a channel and address. */
export const conversationParticipants = table(
  "conversation_participants",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    role: text("role", { enum: PARTICIPANT_ROLES }).notNull(),
    /** A channel type (`twilio_voice`, `webchat`…) or `console` for agents. */
    channel: text("channel").notNull(),
    /** Phone number, chat id, or the agent's user id on `console`. */
    address: text("address").notNull(),
    displayName: text("display_name"),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    joinedAt: ms("joined_at").notNull(),
    leftAt: ms("left_at"),
    /**
     * The participant's live call in the room (Twilio Call SID): an invited call's from the Calls
     * API's answer, the transferred caller's from their session. Null when they are on no call,
     * or the call ended or is no longer the room's (migration 0008).
     */
    callSid: text("call_sid"),
  },
  (t) => [
    uniqueIndex("conversation_participants_address_idx").on(t.conversationId, t.channel, t.address),
    check("conversation_participants_role_check", sql`${t.role} in ('customer', 'agent', 'observer')`),
  ],
);

/** Messages of a conversation, numbered 1..n per conversation. */
export const conversationMessages = table(
  "conversation_messages",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    /** Null for system messages. */
    participantId: text("participant_id").references(() => conversationParticipants.id, { onDelete: "set null" }),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    body: text("body").notNull(),
    at: ms("at").notNull(),
  },
  (t) => [
    primaryKey({ name: "conversation_messages_pk", columns: [t.conversationId, t.seq] }),
    check("conversation_messages_kind_check", sql`${t.kind} in ('text', 'speech_transcript', 'system')`),
  ],
);

/** Offers of a waiting conversation to agents. The first accept wins (a guarded UPDATE of the conversation). */
export const conversationOffers = table(
  "conversation_offers",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The conversation's round when offered. */
    round: integer("round").notNull(),
    status: text("status", { enum: OFFER_STATUSES }).notNull(),
    offeredAt: ms("offered_at").notNull(),
    /** A single (round robin, direct) offer's deadline; null for broadcast offers. */
    expiresAt: ms("expires_at"),
    closedAt: ms("closed_at"),
    /** Why it is no longer open: accepted, declined, taken, expired, closed, abandoned, no_answer, offline… */
    closeReason: text("close_reason"),
  },
  (t) => [
    index("conversation_offers_user_idx").on(t.userId, t.status),
    index("conversation_offers_conversation_idx").on(t.conversationId, t.status),
    check("conversation_offers_status_check", sql`${t.status} in ('open', 'accepted', 'declined', 'withdrawn')`),
  ],
);

// ── Audio library ────────────────────────────────────────────────────────────────────────────

export const AUDIO_FORMATS = ["wav", "mp3", "ogg", "m4a"] as const;

/**
 * Uploaded audio: prompts (`prompt.audio`) and transfers (`holdAudio`) name a row by id. The files
 * live under `$DATA_DIR/audio/<id>.wav` (8 kHz μ-law mono, for phone lines) and `<id>.ogg`
 * (OGG/Opus, for web and WhatsApp); the upload itself is not kept.
 */
export const audioAssets = table(
  "audio_assets",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** sha256 hex of the uploaded bytes: a second upload of the same file finds this row. */
    contentHash: text("content_hash").notNull(),
    /** What the upload was, by its content (not its file name). */
    sourceFormat: text("source_format", { enum: AUDIO_FORMATS }).notNull(),
    /** Bytes of the upload. */
    size: integer("size").notNull(),
    durationMs: ms("duration_ms").notNull(),
    /** Bytes of the phone (.wav) and web (.ogg) renditions. */
    wavSize: integer("wav_size").notNull(),
    oggSize: integer("ogg_size").notNull(),
    /** A user id or an API key name. */
    createdBy: text("created_by"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("audio_assets_hash_idx").on(t.contentHash),
    index("audio_assets_name_idx").on(t.name),
    check("audio_assets_format_check", sql`${t.sourceFormat} in ('wav', 'mp3', 'ogg', 'm4a')`),
    check("audio_assets_size_check", sql`${t.size} > 0 and ${t.durationMs} >= 0`),
  ],
);

// ── Web chat ─────────────────────────────────────────────────────────────────────────────────

export const WEBCHAT_SENDERS = ["visitor", "bot", "agent", "system"] as const;

/**
 * Web chat visitors: a browser's widget keeps an opaque token in localStorage; the store keeps
 * its sha256 only. The visitor id is the sessions' and conversations' contact.
 */
export const webchatVisitors = table(
  "webchat_visitors",
  {
    id: text("id").primaryKey(),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    /** Messages so far: the next message's seq is this + 1 (bumped in the same UPDATE). */
    messageCount: integer("message_count").notNull().default(0),
    createdAt: ms("created_at").notNull(),
    lastSeenAt: ms("last_seen_at").notNull(),
  },
  (t) => [uniqueIndex("webchat_visitors_token_idx").on(t.tokenHash), index("webchat_visitors_channel_idx").on(t.channelId)],
);

/** What a web chat visitor saw, numbered 1..n per visitor: replayed when the widget reconnects. */
export const webchatMessages = table(
  "webchat_messages",
  {
    visitorId: text("visitor_id")
      .notNull()
      .references(() => webchatVisitors.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    sender: text("sender", { enum: WEBCHAT_SENDERS }).notNull(),
    text: text("text").notNull(),
    /** Buttons, as JSON `[{key, label}]`; null for none. */
    options: text("options"),
    /** The agent's name for agent messages. */
    author: text("author"),
    /** The widget's id of a visitor message (dedupe across reconnects). */
    clientId: text("client_id"),
    sessionId: text("session_id").references(() => sessions.id, { onDelete: "set null" }),
    at: ms("at").notNull(),
  },
  (t) => [
    primaryKey({ name: "webchat_messages_pk", columns: [t.visitorId, t.seq] }),
    check("webchat_messages_sender_check", sql`${t.sender} in ('visitor', 'bot', 'agent', 'system')`),
  ],
);

// ── Calls on the media plane ─────────────────────────────────────────────────────────────────

export const CALL_DIRECTIONS = ["inbound", "outbound"] as const;
export const CALL_STATES = ["ringing", "active", "ended"] as const;
export const CALL_PARTIES = ["caller", "agent", "system"] as const;

/**
 * One row per call whose audio runs through the runtime's own media plane (web voice; later SIP,
 * Twilio Media Streams, WhatsApp calling): who called whom, when it rang, was answered and ended,
 * why and by whom, the flow session it ran, the room it reached, and its recording. Written by
 * the media controller through `CallsRepo`; the row outlives its recording (retention clears the
 * recording fields only).
 */
export const calls = table(
  "calls",
  {
    /** A time-ordered id (`orderedId`) unless the channel brings its own. */
    id: text("id").primaryKey(),
    channelId: text("channel_id").references(() => channels.id, { onDelete: "set null" }),
    /** `webvoice`; later `sip_trunk`, `whatsapp_cloud`, `twilio_voice`. */
    channelType: text("channel_type").notNull(),
    direction: text("direction", { enum: CALL_DIRECTIONS }).notNull(),
    /** The caller's and the callee's address as the channel knows them (a web visitor id, a phone number). */
    fromAddress: text("from_address"),
    toAddress: text("to_address"),
    state: text("state", { enum: CALL_STATES }).notNull(),
    /** The flow session the call runs. */
    sessionId: text("session_id").references(() => sessions.id, { onDelete: "set null" }),
    /** The agent room the call reached. */
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    answeredAt: ms("answered_at"),
    endedAt: ms("ended_at"),
    /** Why the media ended: hangup, hangup_node, ice_timeout, peer_gone, no_rtp, transport_failed, media_process_exit, media_lost_on_restart, shutdown… */
    endReason: text("end_reason"),
    hungUpBy: text("hung_up_by", { enum: CALL_PARTIES }),
    /** Total time agents held the caller. */
    holdMs: ms("hold_ms").notNull().default(0),
    /** The recording (Ogg/Opus), relative to `$DATA_DIR/recordings`; null when none, or deleted after `RECORDING_RETENTION_DAYS`. */
    recordingPath: text("recording_path"),
    recordingMs: ms("recording_ms"),
    /** Why recording failed (the call went on without it). */
    recordingError: text("recording_error"),
    /** The recording setting that applied to the call (the team's `recording`). */
    recordingMode: text("recording_mode", { enum: RECORDING_MODES }).notNull().default("off"),
  },
  (t) => [
    index("calls_created_idx").on(t.createdAt, t.id),
    index("calls_session_idx").on(t.sessionId),
    index("calls_live_idx")
      .on(t.createdAt)
      .where(sql`${t.state} <> 'ended'`),
    check("calls_direction_check", sql`${t.direction} in ('inbound', 'outbound')`),
    check("calls_state_check", sql`${t.state} in ('ringing', 'active', 'ended')`),
    check("calls_hung_up_by_check", sql`${t.hungUpBy} in ('caller', 'agent', 'system')`),
    check("calls_recording_mode_check", sql`${t.recordingMode} in ('off', 'agent', 'call')`),
    check("calls_hold_check", sql`${t.holdMs} >= 0`),
  ],
);

/** The agents who were on a call: one row per stay (an agent who leaves and comes back has two). */
export const callAgents = table(
  "call_agents",
  {
    id: text("id").primaryKey(),
    callId: text("call_id")
      .notNull()
      .references(() => calls.id, { onDelete: "cascade" }),
    /** Null once the user is deleted (the stay is kept). */
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    joinedAt: ms("joined_at").notNull(),
    leftAt: ms("left_at"),
  },
  (t) => [index("call_agents_call_idx").on(t.callId, t.joinedAt), index("call_agents_user_idx").on(t.userId)],
);

// ── Speech recognition ──────────────────────────────────────────────────────────────────────

/**
 * The OpenAI-compatible transcription provider (`POST {base_url}/audio/transcriptions`): at most
 * one row, id `default`. No row: free-form transcription is off.
 */
export const transcriptionProviders = table(
  "transcription_providers",
  {
    id: text("id").primaryKey(),
    /** e.g. `https://api.openai.com/v1`, `http://whisper.internal:8080/v1`; no trailing slash. */
    baseUrl: text("base_url").notNull(),
    /** The API key, sealed with AES-256-GCM by runtime/speech (the row id as context); null = none sent. */
    apiKey: text("api_key"),
    model: text("model").notNull(),
    /** ISO-639-1 hint sent as `language`; null = the provider detects it. */
    language: text("language"),
    /** How long one utterance may take, 429 retry included. Range checked by the API. */
    timeoutSeconds: integer("timeout_seconds").notNull(),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [check("transcription_providers_timeout_check", sql`${t.timeoutSeconds} > 0`)],
);

export const AI_PROVIDER_KINDS = ["openai", "azure"] as const;

/**
 * The AI model providers an admin configures (runtime/ai): OpenAI-compatible servers
 * (`POST {base_url}/chat/completions`: OpenAI, Ollama, vLLM, llama.cpp) or Azure OpenAI
 * (`{base_url}/openai/deployments/{model}/chat/completions?api-version=…`). Names are unique.
 */
export const aiProviders = table(
  "ai_providers",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: AI_PROVIDER_KINDS }).notNull(),
    /** e.g. `https://api.openai.com/v1`, `http://ollama.internal:11434/v1`, `https://my-resource.openai.azure.com`; no trailing slash. */
    baseUrl: text("base_url").notNull(),
    /** The API key, sealed with AES-256-GCM by runtime/ai (`ai-provider:<id>` as context); null = none sent. */
    apiKey: text("api_key"),
    /** The model asked for when a request names none (Azure: the deployment). */
    defaultModel: text("default_model").notNull(),
    /** Tried once when the default model is rate limited, failing (5xx), too slow or unknown; null = none. */
    fallbackModel: text("fallback_model"),
    /** Azure's `api-version`; null on OpenAI-compatible providers. */
    apiVersion: text("api_version"),
    /** How long one model turn may take, retries included. Range checked by the API. */
    timeoutSeconds: integer("timeout_seconds").notNull(),
    /** The provider the console's assist uses (reply suggestions, summaries when a conversation closes); at most one. */
    assist: flag("assist").notNull().default(false),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("ai_providers_name_idx").on(t.name),
    uniqueIndex("ai_providers_assist_idx")
      .on(t.assist)
      .where(sql`${t.assist}`),
    check("ai_providers_kind_check", sql`${t.kind} in ('openai', 'azure')`),
    check("ai_providers_timeout_check", sql`${t.timeoutSeconds} > 0`),
  ],
);


/**
 * What a closed conversation was about (issue 18), one row per conversation, written when it closes
 * (again when it is reopened and closed): a summary, the customer's sentiment and the fields
 * detected in the messages. `offline` engines run here (an extractive summary, VADER with
 * contact-centre phrases); `provider` means the AI provider `provider_name` wrote the summary.
 */
export const conversationInsights = table(
  "conversation_insights",
  {
    conversationId: text("conversation_id")
      .primaryKey()
      .references(() => conversations.id, { onDelete: "cascade" }),
    summary: text("summary").notNull(),
    /** The customer's messages' sentiment, −1 (angry) .. 1 (happy); null when the customer wrote or said nothing. */
    sentiment: fraction("sentiment"),
    /** negative, neutral or positive (VADER's ±0.05 thresholds); null with `sentiment`. */
    sentimentLabel: text("sentiment_label", { enum: SENTIMENT_LABELS }),
    /** Emails, phone numbers, amounts and dates found in the messages: JSON `{emails, phones, amounts, dates}`. */
    fields: text("fields").notNull(),
    engine: text("engine", { enum: INSIGHT_ENGINES }).notNull(),
    providerName: text("provider_name"),
    /** How many messages it was made from. */
    messageCount: integer("message_count").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    index("conversation_insights_label_idx").on(t.sentimentLabel),
    check("conversation_insights_sentiment_check", sql`${t.sentiment} is null or (${t.sentiment} >= -1 and ${t.sentiment} <= 1)`),
  ],
);

export const SESSION_RECORDING_SOURCES = ["media", "twilio"] as const;

/**
 * Recordings a flow's `record` node made (voicemails, issue 19), kept with their session rather
 * than in the public audio library. `media`: recorded by our media plane, a mono Ogg/Opus file of
 * the caller at `path` (relative to `$DATA_DIR/session-recordings/`); `twilio`: Twilio's
 * `<Record>`, the audio staying at Twilio (`remote_url`, its RecordingUrl).
 */
export const sessionRecordings = table(
  "session_recordings",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    nodeId: text("node_id").notNull(),
    /** The call it was recorded on (media plane), or the provider's call id (Twilio's CallSid). */
    callId: text("call_id"),
    source: text("source", { enum: SESSION_RECORDING_SOURCES }).notNull(),
    path: text("path"),
    remoteUrl: text("remote_url"),
    contentType: text("content_type").notNull(),
    durationMs: ms("duration_ms").notNull(),
    /** The file's size; null when the audio is elsewhere (`remote_url`). */
    bytes: integer("bytes"),
    /** The key that ended it (the record node's finish key), when one did. */
    finishKey: text("finish_key"),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    index("session_recordings_session_idx").on(t.sessionId, t.createdAt),
    check("session_recordings_where_check", sql`(${t.path} is not null) or (${t.remoteUrl} is not null)`),
    check("session_recordings_duration_check", sql`${t.durationMs} >= 0`),
  ],
);

// ── Analytics rollups (issue 20) ─────────────────────────────────────────────────────────────

/**
 * Counters summarising sessions and conversations, per 15-minute UTC bucket (`grain` 15: every IANA
 * zone's offset and DST shift is a multiple of 15 minutes, so each local hour and day is a whole
 * number of buckets) and again per UTC day (`grain` 1440: a range reads whole UTC days from those,
 * and only its partial days at either end from the 15-minute rows). Written in the transaction that writes the rows they summarise
 * (`runtime/store/analytics/`): `INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`.
 * Absent dimensions are '' (and version 0 for a draft), never null, so they can be in the key.
 * `metric`: started, outcome (detail: completed, hung_up, abandoned, failed, transferred, answered),
 * edge (node_id, detail = handle), ending (node_id, detail = end reason), answer (detail = the
 * histogram bin's upper bound in seconds), handle, hold (total_ms).
 */
export const analyticsRollups = table(
  "analytics_rollups",
  {
    metric: text("metric").notNull(),
    /** 15 (minutes) or 1440 (a UTC day). */
    grain: integer("grain").notNull(),
    /** Start of the bucket (ms). */
    bucketAt: ms("bucket_at").notNull(),
    flowId: text("flow_id").notNull(),
    version: integer("version").notNull(),
    channelType: text("channel_type").notNull(),
    channelId: text("channel_id").notNull(),
    teamId: text("team_id").notNull(),
    nodeId: text("node_id").notNull(),
    detail: text("detail").notNull(),
    n: integer("n").notNull(),
    totalMs: ms("total_ms").notNull(),
  },
  (t) => [
    primaryKey({ name: "analytics_rollups_pk", columns: [t.metric, t.grain, t.bucketAt, t.flowId, t.version, t.channelType, t.channelId, t.teamId, t.nodeId, t.detail] }),
    /** The time series reads only this (sessions started per 15 minutes and channel type): no table lookups. Partial, so the other rows' writes skip it. */
    index("analytics_rollups_series_idx")
      .on(t.grain, t.bucketAt, t.channelType, t.flowId, t.channelId, t.n)
      .where(sql`${t.metric} = 'started'`),
  ],
);

/**
 * Per agent and 15-minute UTC bucket: `conversations` (answered, n), `handle` (talk and hold of
 * the conversations they closed, total_ms), `available` (time in the `available` state, total_ms).
 */
export const analyticsAgentRollups = table(
  "analytics_agent_rollups",
  {
    metric: text("metric").notNull(),
    bucketAt: ms("bucket_at").notNull(),
    userId: text("user_id").notNull(),
    teamId: text("team_id").notNull(),
    channelType: text("channel_type").notNull(),
    n: integer("n").notNull(),
    totalMs: ms("total_ms").notNull(),
  },
  (t) => [primaryKey({ name: "analytics_agent_rollups_pk", columns: [t.metric, t.bucketAt, t.userId, t.teamId, t.channelType] })],
);

/** One-time jobs done (the analytics backfill): a row per job, written in the job's transaction. */
export const analyticsJobs = table("analytics_jobs", {
  name: text("name").primaryKey(),
  doneAt: ms("done_at").notNull(),
});
