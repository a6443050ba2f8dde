import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import { serveFile } from "../../audio/serve-file";
import { canViewCall } from "../../calls/call-access";
import { CallView, callView } from "../../calls/call-view";
import { recordingFile } from "../../calls/recordings-folder";
import type { Actor } from "../../rooms/room-access";
import { CALLS_MAX_PAGE_SIZE, type CallRecord } from "../../store/calls-repo";
import type { Store } from "../../store/open-store";
import { ApiError, errorResponses, fieldError } from "../api-error";
import type { AppEnv } from "../app-env";
import { jsonBody, jsonResponse } from "../openapi-content";
import { PhoneNumber } from "../../channels/channel-config";
import { principalActor } from "../principal-actor";
import { validationHook } from "../validation-hook";

const tags = ["calls"];
const MAX_SESSION_IDS = 200;
const IdParam = z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) });
const CallsPage = z.object({ items: z.array(CallView), nextCursor: z.string().nullable().describe("Pass as `before` for the next page") }).meta({ id: "CallsPage" });


const callNotFound = (id: string) => new ApiError(404, "call_not_found", `call ${id} does not exist`);
const recordingNotFound = (id: string, why: string) => new ApiError(404, "recording_not_found", `call ${id} ${why}`);

/**
 * Calls on the media plane: lists (a session's, or every call a page at a time), one call with its
 * agents, duration and talk time, and its recording (Ogg/Opus, Range requests, never cached, never
 * public). What a principal may see follows the call's room and session (`canViewCall`); a call
 * they may not see is 404, like one that does not exist.
 */
/** Places a call for an agent or a flow (SIP trunks' `PlacedCalls.forAgent`, WhatsApp's `WhatsAppPlacedCalls.forAgent`); absent when the media plane is not running. */
export type PlaceCall = (actor: Actor, input: { channelId: string; to: string; agentId?: string; timeoutSeconds?: number; conversationId?: string }) => Promise<{ callId: string; conversationId: string | null }>;

const PlaceCallBody = z
  .strictObject({
    channelId: z.string().min(1).describe("The sip_trunk or whatsapp_cloud channel to call through"),
    to: PhoneNumber.describe("The number to call, E.164 (+15550100123); on WhatsApp the user's wa_id with a +"),
    agentId: z.string().min(1).optional().describe("The agent whose softphone takes the call (default: the signed-in user). An API key without it places a call that runs the trunk's flow when answered."),
    timeoutSeconds: z.number().int().min(5).max(600).optional().describe("How long it may ring before it is cancelled (outcome no_answer); default 60"),
    conversationId: z
      .string()
      .min(1)
      .optional()
      .describe("WhatsApp: the user's WhatsApp conversation the agent has (active, theirs): the call goes into it and its chat goes on; without it a conversation is opened for the call"),
  })
  .meta({ id: "PlaceCall" });
const PlacedCall = z
  .object({ call: CallView, conversationId: z.string().nullable().describe("The agent's conversation for the call (null for a flow call)") })
  .meta({ id: "PlacedCall" });

/** Hangs up a live call on the media plane (false when it is not live). */
export type HangupCall = (callId: string) => Promise<boolean>;

export function callsRoutes(deps: { store: Store; recordingsDir: string; now?: () => number; placeCall?: PlaceCall; hangupCall?: HangupCall }): OpenAPIHono<AppEnv> {
  const { store, recordingsDir } = deps;
  const now = deps.now ?? Date.now;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  const views = async (rows: readonly CallRecord[]) => {
    const agents = await store.calls.agentsOf(rows.map((call) => call.id));
    const at = now();
    return rows.map((call) => callView(call, agents.get(call.id) ?? [], at));
  };
  const visible = async (actor: Actor, rows: readonly CallRecord[]) => {
    const shown: CallRecord[] = [];
    for (const call of rows) if (await canViewCall(store, actor, call)) shown.push(call);
    return shown;
  };
  const viewable = async (actor: Actor, id: string): Promise<CallRecord> => {
    const call = await store.calls.get(id);
    if (call === undefined || !(await canViewCall(store, actor, call))) throw callNotFound(id);
    return call;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List calls, newest first: a session's or an agent room's calls, the signed-in user's own (mine=true), or every call a page at a time",
      description:
        "Agents get only the calls they may see (their teams' rooms and sessions, calls they were on): a page may hold fewer than `limit`; follow `nextCursor` until it is null. " +
        "`mine=true` pages through the calls the signed-in user placed (the console's dialer) or was on, with their outcome (`endReason`) and duration.",
      request: {
        query: z.object({
          sessionId: z.string().min(1).optional().describe("Only this session's calls (all of them, newest first)"),
          sessionIds: z
            .string()
            .min(1)
            .transform((text) => text.split(",").map((id) => id.trim()).filter((id) => id !== ""))
            .pipe(z.array(z.string()).min(1).max(MAX_SESSION_IDS))
            .optional()
            .describe(`Only these sessions' calls: comma-separated session ids (at most ${MAX_SESSION_IDS}), e.g. a page of the call logs`),
          conversationId: z.string().min(1).optional().describe("Only this agent room's calls (all of them, newest first)"),
          mine: z
            .enum(["true", "false"])
            .optional()
            .describe("true: only the calls the signed-in user placed or was on (their call history), a page at a time; not for API keys"),
          channel: z.string().min(1).optional().describe("Only this channel type, e.g. webvoice"),
          limit: z.coerce.number().int().min(1).max(CALLS_MAX_PAGE_SIZE).default(50),
          before: z.string().min(1).optional().describe("nextCursor of the previous page"),
        }),
      },
      responses: { 200: jsonResponse(CallsPage, "Calls"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const actor = principalActor(c);
      if (q.conversationId !== undefined) {
        const rows = (await store.calls.byConversation(q.conversationId)).filter((call) => q.channel === undefined || call.channelType === q.channel);
        return c.json({ items: await views(await visible(actor, rows)), nextCursor: null }, 200);
      }
      const mine = q.mine === "true";
      if (mine && actor.userId === null) {
        throw fieldError(400, "invalid_request", "query.mine", "only a signed-in user has calls of their own", "an API key places calls for agents: list them by agent room or session");
      }
      if (q.sessionId !== undefined || q.sessionIds !== undefined) {
        const sessionIds = [...(q.sessionId === undefined ? [] : [q.sessionId]), ...(q.sessionIds ?? [])];
        const rows = (await store.calls.bySessions(sessionIds)).filter((call) => q.channel === undefined || call.channelType === q.channel);
        return c.json({ items: await views(await visible(actor, rows)), nextCursor: null }, 200);
      }
      if (q.before !== undefined && (await store.calls.get(q.before)) === undefined) {
        throw fieldError(400, "invalid_cursor", "query.before", `no call ${q.before}`, "pass the nextCursor of the previous page");
      }
      const rows = await store.calls.list({
        limit: q.limit,
        ...(q.before === undefined ? {} : { before: q.before }),
        ...(q.channel === undefined ? {} : { channelType: q.channel }),
        ...(mine && actor.userId !== null ? { userId: actor.userId } : {}),
      });
      const nextCursor = rows.length === q.limit ? (rows.at(-1)?.id ?? null) : null;
      return c.json({ items: await views(await visible(actor, rows)), nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Place a call through a SIP trunk or to a WhatsApp user: for an agent (their softphone rings back, then hears the far end) or, with an API key and no agentId, for a trunk's flow",
      description:
        "201 once the INVITE (or WhatsApp's connect) is on its way: the call is `ringing`; follow it with GET /api/calls/{id} (answered, or ended with `endReason` busy, no_answer, declined, failed or canceled) or in the agent's conversation, which says the outcome. " +
        "409 softphone_not_connected when the agent has no softphone connected; 409 channel_disabled; 422 not_a_sip_trunk; 503 sip_unavailable when the SIP endpoint is down. " +
        "WhatsApp (business-initiated calls, MEDIA.md 5.6): the user's permission is read from Meta first: 409 no_call_permission (they have not allowed calls: ask them with POST /api/conversations/{id}/call-permission-request), 409 call_limit_reached (Meta's limits), 409 calling_disabled (the channel's settings.calling), 400 agent_required for an API key without agentId, 502 provider_error when Meta refuses.",
      request: { body: jsonBody(PlaceCallBody, "The trunk and the number") },
      responses: { 201: jsonResponse(PlacedCall, "The call, ringing"), ...errorResponses(400, 401, 403, 404, 409, 422, 502, 503) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      if (deps.placeCall === undefined) throw new ApiError(503, "sip_unavailable", "body.channelId: this server places no calls (the media plane is not running)");
      const placed = await deps.placeCall(principalActor(c), {
        channelId: body.channelId,
        to: body.to,
        ...(body.agentId === undefined ? {} : { agentId: body.agentId }),
        ...(body.timeoutSeconds === undefined ? {} : { timeoutSeconds: body.timeoutSeconds }),
        ...(body.conversationId === undefined ? {} : { conversationId: body.conversationId }),
      });
      const call = await store.calls.get(placed.callId);
      if (call === undefined) throw callNotFound(placed.callId);
      const [view] = await views([call]);
      if (view === undefined) throw callNotFound(placed.callId);
      return c.json({ call: view, conversationId: placed.conversationId }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/hangup",
      tags,
      summary: "Hang up a live call the agent placed or is on, without closing its conversation (a WhatsApp call from a chat: the chat goes on)",
      description: "For the assignee of the call's conversation, an agent on the call, or an admin. 409 call_not_live when the call has ended (or is not on this server's media plane).",
      request: { params: IdParam },
      responses: { 200: jsonResponse(CallView, "The call, ended"), ...errorResponses(401, 403, 404, 409, 503) },
    }),
    async (c) => {
      const actor = principalActor(c);
      const call = await viewable(actor, c.req.valid("param").id);
      if (deps.hangupCall === undefined) throw new ApiError(503, "calls_unavailable", "this server has no media plane: it carries no calls");
      if (actor.role !== "admin" && actor.userId !== null) {
        const conversation = call.conversationId === null ? undefined : await store.rooms.conversations.get(call.conversationId);
        const onIt = (await store.calls.agents(call.id)).some((stay) => stay.userId === actor.userId && stay.leftAt === null);
        if (conversation?.assigneeId !== actor.userId && !onIt) throw new ApiError(403, "not_on_call", `only the agent who has call ${call.id}'s conversation, an agent on it, or an admin can hang it up`);
      }
      if (!(await deps.hangupCall(call.id))) throw new ApiError(409, "call_not_live", `call ${call.id} is not live (state ${call.state})`);
      const ended = await store.calls.get(call.id);
      const [view] = await views(ended === undefined ? [] : [ended]);
      if (view === undefined) throw callNotFound(call.id);
      return c.json(view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      summary: "One call: parties, times, who hung up and why, its agents, duration, hold and talk time, its recording",
      request: { params: IdParam },
      responses: { 200: jsonResponse(CallView, "The call"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const call = await viewable(principalActor(c), c.req.valid("param").id);
      const [view] = await views([call]);
      if (view === undefined) throw callNotFound(call.id);
      return c.json(view, 200);
    },
  );

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/{id}/recording",
    tags,
    summary: "Play a call's recording (Ogg/Opus)",
    description:
      "With the credentials that may see the call (the session cookie works for an <audio> element of the web app). Supports `Range: bytes=…` (206 with Content-Range; 416 past the end). " +
      "`Cache-Control: private, no-store`. 404 when the call has no recording or its file is gone (deleted after RECORDING_RETENTION_DAYS).",
    request: { params: IdParam },
    responses: {
      200: { description: "The whole file", content: { "audio/ogg": { schema: z.string().meta({ format: "binary" }) } } },
      206: { description: "One byte range" },
      416: { description: "The range is past the end of the file" },
      ...errorResponses(401, 404),
    },
  });

  app.get("/:id/recording", async (c) => {
    const id = c.req.param("id");
    const call = await viewable(principalActor(c), id);
    if (call.recordingPath === null) throw recordingNotFound(id, "has no recording");
    const path = recordingFile(recordingsDir, call.recordingPath);
    if (path === undefined) throw recordingNotFound(id, "has no recording");
    try {
      return await serveFile(c.req.raw, { path, contentType: "audio/ogg", cacheControl: "private, no-store" });
    } catch (error) {
      if (error instanceof Error && "code" in error && (error.code === "ENOENT" || error.code === "ENOTDIR")) throw recordingNotFound(id, "has no recording any more: its file is gone");
      throw error;
    }
  });

  return app;
}
