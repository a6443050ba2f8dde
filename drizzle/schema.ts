/**
 * The one drizzle schema of Switchboard's store.
 *
 * Conventions, kept so the same tables can be declared with `pg-core` later without changing a query:
 * - Every time is an integer of milliseconds since the Unix epoch (UTC), named `*_at`
 *   (PostgreSQL: `bigint`, mode "number"). Never ISO text, never SQLite date functions.
 * - JSON is stored as text written by the store (`JSON.stringify`), never queried inside SQL
 *   (PostgreSQL: `text`, or `jsonb` if a query ever needs it).
 * - Ids are text chosen by the application (flow ids from the document, random UUIDs otherwise).
 * - Enumerations are text with a CHECK constraint, not SQLite-only types.
 * - Nothing relies on SQLite's rowid or AUTOINCREMENT: sequence numbers (`flow_versions.number`,
 *   `session_steps.seq`) come from counters kept on the parent row and bumped in the same UPDATE.
 *
 * Change this file, then run `npx drizzle-kit generate` and commit `drizzle/migrations/`.
 */
import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Milliseconds since the Unix epoch. */
const ms = (name: string) => integer(name, { mode: "number" });

export const SESSION_STATUSES = ["active", "waiting", "ended"] as const;
export const SESSION_SOURCES = ["published", "draft"] as const;
export const ROLES = ["admin", "agent"] as const;

/**
 * One row per flow: its mutable draft. Deleting a flow is a soft delete (`deleted_at`): its
 * versions, and the sessions pinned to them, stay readable. Creating a flow again with the id of a
 * deleted one revives the row (new draft, revision continues, version numbers continue).
 */
export const flows = sqliteTable(
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
export const flowVersions = sqliteTable(
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
export const sessions = sqliteTable(
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
export const sessionSteps = sqliteTable(
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
export const timers = sqliteTable(
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
export const inboundEvents = sqliteTable(
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

export const users = sqliteTable(
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

export const apiKeys = sqliteTable(
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
export const authSessions = sqliteTable(
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
export const teams = sqliteTable("teams", {
  /** Stable id used in flows (`transfer.teamId`), e.g. `support`. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: ms("created_at").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

/** Which agents belong to which team. */
export const teamMembers = sqliteTable(
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
