import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { SENTIMENT_LABELS } from "../../../drizzle/insight-enums";
import { serveFile } from "../../audio/serve-file";
import { recordingFile } from "../../calls/recordings-folder";
import { InsightsView, insightsView } from "../../rooms/insights-view";
import { recordingView, SessionRecordingView } from "../../calls/session-recording-view";
import type { Store } from "../../store/open-store";
import type { SessionStep, SessionSummary as StoredSummary } from "../../store/sessions-repo";
import { ApiError, errorResponses, fromStoreError } from "../api-error";
import type { AppEnv, Principal } from "../app-env";
import { iso, isoOrNull, Timestamp } from "../schemas";
import { validationHook } from "../validation-hook";

export const SessionStatus = z.enum(["active", "waiting", "ended"]);

export const SessionSummary = z
  .object({
    id: z.string(),
    flowId: z.string(),
    version: z.number().int().nullable().describe("The pinned published version; null for a draft simulation"),
    source: z.enum(["published", "draft"]),
    channelType: z.string(),
    channelId: z.string().nullable(),
    contact: z.string().nullable(),
    status: SessionStatus,
    stepCount: z.number().int(),
    endReason: z.string().nullable(),
    startedAt: Timestamp,
    updatedAt: Timestamp,
    endedAt: Timestamp.nullable(),
  })
  .meta({ id: "SessionSummary" });

export const SessionStepBody = z
  .object({
    seq: z.number().int(),
    flowId: z.string(),
    version: z.number().int().nullable(),
    nodeId: z.string(),
    nodeType: z.string(),
    outcome: z.string().nullable().describe("The handle taken, or waiting / invalid / no_input / ended"),
    input: z.string().nullable(),
    at: Timestamp,
  })
  .meta({ id: "SessionStep" });


export const SessionDetail = SessionSummary.extend({
  state: z.unknown().describe("The engine's session state: current node, variables, node results"),
  steps: z.array(SessionStepBody),
  recordings: z.array(SessionRecordingView).describe("What its record nodes recorded (voicemails), oldest first"),
  insights: InsightsView.nullable().describe("When the session reached agents and that conversation has closed: what it was about (summary, the customer's sentiment, the fields they gave)"),
}).meta({ id: "Session" });

export const sessionSummary = (session: StoredSummary): z.infer<typeof SessionSummary> => ({
  id: session.id,
  flowId: session.flowId,
  version: session.version,
  source: session.source,
  channelType: session.channelType,
  channelId: session.channelId,
  contact: session.contact,
  status: session.status,
  stepCount: session.stepCount,
  endReason: session.endReason,
  startedAt: iso(session.startedAt),
  updatedAt: iso(session.updatedAt),
  endedAt: isoOrNull(session.endedAt),
});

export const sessionStep = (step: SessionStep): z.infer<typeof SessionStepBody> => ({ ...step, at: iso(step.at) });

const TimeQuery = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));

const sessionNotFound = (id: string) => new ApiError(404, "session_not_found", `session ${id} does not exist`, { field: "id" });
const recordingNotFound = (sessionId: string, recordingId: string, why: string) =>
  new ApiError(404, "recording_not_found", `recording ${recordingId} of session ${sessionId} ${why}`, { field: "recordingId" });

/**
 * A signed-in agent reads only the sessions that reached one of their teams (or their
 * conversation): their user id, to filter by. Admins and API keys read every session.
 */
function restrictedAgent(principal: Principal): string | undefined {
  return principal.kind === "user" && principal.role === "agent" ? principal.id : undefined;
}

/** Call logs: sessions with filters, and one session with its steps (agents: only those that reached their teams). */
export function sessionsRoutes(store: Store, sessionRecordingsDir: string): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["sessions"],
      summary: "List sessions, newest first",
      description: "Admins and API keys see every session; a signed-in agent, only the sessions that reached one of their teams (a conversation of the team names the session) or their own conversation.",
      request: {
        query: z.object({
          flowId: z.string().optional(),
          status: SessionStatus.optional(),
          channel: z.string().optional().describe("Channel type, e.g. twilio_voice, webchat, simulator"),
          channelId: z.string().optional(),
          from: TimeQuery.optional().describe("Started at or after (ISO 8601)"),
          to: TimeQuery.optional().describe("Started before (ISO 8601)"),
          sentiment: z.enum(SENTIMENT_LABELS).optional().describe("Only sessions whose conversation with agents closed with this sentiment (its insights)"),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          cursor: z.string().optional().describe("nextCursor of the previous page"),
        }),
      },
      responses: {
        200: {
          description: "A page of sessions",
          content: { "application/json": { schema: z.object({ items: z.array(SessionSummary), nextCursor: z.string().nullable() }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const agent = restrictedAgent(c.get("principal"));
      const page = await store.sessions.listSessions({
        ...(agent === undefined ? {} : { reachedBy: agent }),
        ...(q.flowId === undefined ? {} : { flowId: q.flowId }),
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(q.channel === undefined ? {} : { channelType: q.channel }),
        ...(q.channelId === undefined ? {} : { channelId: q.channelId }),
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        ...(q.sentiment === undefined ? {} : { sentiment: q.sentiment }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
        ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
      });
      if (!page.ok) throw fromStoreError(page.error);
      return c.json({ items: page.value.items.map(sessionSummary), nextCursor: page.value.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["sessions"],
      summary: "One session with its steps (the path it took)",
      description: "404 for an agent whose teams the session never reached (as for one that does not exist).",
      request: { params: z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) }) },
      responses: { 200: { description: "The session", content: { "application/json": { schema: SessionDetail } } }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const agent = restrictedAgent(c.get("principal"));
      // An agent asking for a session they may not read is told it does not exist, as for conversations: ids do not leak.
      const session = agent === undefined || (await store.sessions.isReachedBy(id, agent)) ? await store.sessions.getSession(id) : undefined;
      if (!session) throw sessionNotFound(id);
      const conversation = await store.rooms.conversations.findBySession(id);
      const insights = conversation === undefined ? undefined : await store.rooms.insights.get(conversation.id);
      const recordings = await store.sessionRecordings.forSession(id);
      return c.json(
        { ...sessionSummary(session), state: session.state, steps: session.steps.map(sessionStep), recordings: recordings.map(recordingView), insights: insights === undefined ? null : insightsView(insights) },
        200,
      );
    },
  );

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/{id}/recordings/{recordingId}",
    tags: ["sessions"],
    summary: "Play one of a session's recordings (a record node's voicemail)",
    description:
      "With the credentials that may read the session (the session cookie works for an <audio> element). A media-plane recording is served as Ogg/Opus, with `Range: bytes=…` (206; 416 past the end) and `Cache-Control: private, no-store`; " +
      "a Twilio recording stays at Twilio: 302 to its RecordingUrl (fetched with the account's credentials). 404 `session_not_found` or `recording_not_found` (also when its file is gone).",
    request: { params: z.object({ id: z.string(), recordingId: z.string() }) },
    responses: {
      200: { description: "The whole file", content: { "audio/ogg": { schema: z.string().meta({ format: "binary" }) } } },
      206: { description: "One byte range" },
      302: { description: "A Twilio recording: its RecordingUrl" },
      416: { description: "The range is past the end of the file" },
      ...errorResponses(401, 404),
    },
  });

  app.get("/:id/recordings/:recordingId", async (c) => {
    const id = c.req.param("id");
    const recordingId = c.req.param("recordingId");
    const agent = restrictedAgent(c.get("principal"));
    const readable = agent === undefined ? (await store.sessions.getSession(id)) !== undefined : await store.sessions.isReachedBy(id, agent);
    if (!readable) throw sessionNotFound(id);
    const recording = await store.sessionRecordings.get(id, recordingId);
    if (recording === undefined) throw recordingNotFound(id, recordingId, "does not exist");
    if (recording.path === null) {
      if (recording.remoteUrl === null) throw recordingNotFound(id, recordingId, "has no audio");
      return c.redirect(recording.remoteUrl, 302);
    }
    const path = recordingFile(sessionRecordingsDir, recording.path);
    if (path === undefined) throw recordingNotFound(id, recordingId, "has no audio");
    try {
      return await serveFile(c.req.raw, { path, contentType: recording.contentType, cacheControl: "private, no-store" });
    } catch (error) {
      if (error instanceof Error && "code" in error && (error.code === "ENOENT" || error.code === "ENOTDIR")) throw recordingNotFound(id, recordingId, "has no audio any more: its file is gone");
      throw error;
    }
  });

  return app;
}
