import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import type { Actor } from "../../rooms/room-access";
import type { Rooms } from "../../rooms/rooms";
import { RoomsError } from "../../rooms/rooms-error";
import { AgentView, Availability, ConversationStatus, ConversationView, MessageView, ParticipantRole, ParticipantView, Priority } from "../../rooms/views";
import { InsightsView } from "../../rooms/insights-view";
import type { Store } from "../../store/open-store";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";
import { CallPermission } from "../../channels/whatsapp-cloud/call-permission";
import type { WhatsAppPlacedCalls } from "../../channels/whatsapp-cloud/whatsapp-placed-calls";

const tags = ["conversations"];
const IdParam = z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) });
const UserIdParam = z.object({ userId: z.string().min(1).meta({ param: { name: "userId", in: "path" } }) });
const TeamIdParam = z.object({ teamId: z.string().min(1).meta({ param: { name: "teamId", in: "path" } }) });

const ConversationDetail = z
  .object({
    conversation: ConversationView,
    participants: z.array(ParticipantView),
    messages: z.array(MessageView),
    insights: InsightsView.nullable().describe("What the conversation was about, written when it closes: summary, the customer's sentiment, the fields they gave (null until then)"),
  })
  .meta({ id: "ConversationDetail" });
const TeamRouting = z
  .object({
    routingStrategy: z.enum(["broadcast", "round_robin"]).describe("broadcast: every available agent at once; round_robin: one agent for offerTimeoutSeconds, then everyone"),
    offerTimeoutSeconds: z.number().int().min(1).max(3600),
  })
  .meta({ id: "TeamRouting" });

const InviteBody = z
  .object({
    channel: z.string().min(1).max(50).describe("A channel type, or `console` for another agent (a three-way call on the media plane)"),
    address: z.string().trim().min(1).max(200).describe("The participant's address on the channel (`console`: the agent's user id)"),
    displayName: z.string().trim().min(1).max(200).optional(),
    role: ParticipantRole.optional(),
    call: z.boolean().optional().describe("Voice (`twilio_voice`, `sip_trunk`): phone the address (E.164); the answered call joins the room's audio, and the party leaves the room when they hang up"),
  })
  .superRefine((body, context) => {
    if (body.channel === "console" && body.role !== undefined && body.role !== "agent") context.addIssue({ code: "custom", path: ["role"], message: "a console participant is an agent (role agent; the address is their user id)" });
    if (body.call !== true) return;
    if (body.channel !== "twilio_voice" && body.channel !== "sip_trunk") context.addIssue({ code: "custom", path: ["call"], message: "only a twilio_voice or sip_trunk participant can be called" });
    else if (!/^\+[1-9][0-9]{6,14}$/.test(body.address)) context.addIssue({ code: "custom", path: ["address"], message: "a phone number in E.164 form, e.g. +15550001234" });
  })
  .meta({ id: "InviteParticipant" });

/** The caller as rooms see them: a user (with their display name) or an API key. */
async function actorOf(c: Context<AppEnv>, store: Store): Promise<Actor> {
  const principal = c.get("principal");
  if (principal.kind !== "user") return { userId: null, name: principal.name, role: principal.role };
  const user = await store.users.getUser(principal.id);
  return { userId: principal.id, name: user?.name ?? principal.name, role: principal.role };
}

/**
 * Agent rooms over HTTP: conversations (list, read, accept, decline, write, hold, transfer,
 * invite, assign, close, delete), agents' availability and capacity, teams' routing. Live
 * events go over the agent socket (`/ws/agent`).
 */
export function conversationsRoutes(deps: { store: Store; rooms: Rooms; whatsappCalls?: WhatsAppPlacedCalls }): OpenAPIHono<AppEnv> {
  const { store, rooms } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const agent = requireRole("agent", "admin");
  const admin = requireRole("admin");
  app.onError((error, c) => {
    if (!(error instanceof RoomsError)) throw error;
    const body = new ApiError(error.status, error.code, error.message, error.details).body();
    return c.json(body, error.status);
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List conversations, by priority (urgent first) then age (oldest first)",
      middleware: [agent],
      request: {
        query: z.object({
          view: z.enum(["mine", "team", "waiting", "all"]).default("team").describe("mine: assigned to me; team: my teams'; waiting: my teams' waiting; all: admins every team's"),
          status: ConversationStatus.optional().describe("Only this status (e.g. closed, for history)"),
        }),
      },
      responses: { 200: jsonResponse(z.array(ConversationView), "Conversations"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const { view, status } = c.req.valid("query");
      return c.json(await rooms.list(await actorOf(c, store), view, status === undefined ? undefined : [status]), 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/agents", tags, summary: "Agents with presence, availability, capacity and load", middleware: [agent], responses: { 200: jsonResponse(z.array(AgentView), "Agents"), ...errorResponses(401, 403) } }),
    async (c) => c.json(await rooms.agents(), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/agents/{userId}",
      tags,
      summary: "Set an agent's availability (the agent or an admin) and capacity (admins); `me` is the caller",
      middleware: [agent],
      request: { params: UserIdParam, body: jsonBody(z.object({ availability: Availability.optional(), capacity: z.number().int().min(0).max(100).nullable().optional().describe("null: back to the team default") })) },
      responses: { 200: jsonResponse(AgentView, "The agent"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const actor = await actorOf(c, store);
      const param = c.req.valid("param").userId;
      const userId = param === "me" ? actor.userId : param;
      const body = c.req.valid("json");
      if (userId === null) throw new ApiError(400, "user_required", "an API key has no agent state: name the agent's user id");
      if (actor.role !== "admin" && (userId !== actor.userId || body.capacity !== undefined)) throw new ApiError(403, "forbidden", "agents may set their own availability; capacity and other agents are for admins");
      return c.json(await rooms.setAgentState(userId, body), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/teams/{teamId}/routing",
      tags,
      summary: "Set how a team's conversations are offered",
      middleware: [admin],
      request: { params: TeamIdParam, body: jsonBody(TeamRouting) },
      responses: { 200: jsonResponse(TeamRouting, "The team's routing"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const team = await rooms.setTeamRouting(c.req.valid("param").teamId, c.req.valid("json"));
      return c.json({ routingStrategy: team.routingStrategy, offerTimeoutSeconds: team.offerTimeoutSeconds }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/{id}", tags, summary: "A conversation with its participants and messages", middleware: [agent], request: { params: IdParam }, responses: { 200: jsonResponse(ConversationDetail, "The conversation"), ...errorResponses(401, 403, 404) } }),
    async (c) => c.json(await rooms.get(await actorOf(c, store), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/messages",
      tags,
      summary: "Messages after a message id (to catch up after a reconnect)",
      middleware: [agent],
      request: { params: IdParam, query: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
      responses: { 200: jsonResponse(z.array(MessageView), "Messages, oldest first"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { after, limit } = c.req.valid("query");
      return c.json(await rooms.messages(await actorOf(c, store), c.req.valid("param").id, after, limit), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/messages",
      tags,
      summary: "Write to the customer (the assignee, or an admin)",
      middleware: [agent],
      request: { params: IdParam, body: jsonBody(z.object({ body: z.string().trim().min(1).max(10_000) })) },
      responses: { 201: jsonResponse(MessageView, "The message"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await rooms.sendMessage(await actorOf(c, store), c.req.valid("param").id, c.req.valid("json").body), 201),
  );

  const whatsappCalls = (): WhatsAppPlacedCalls => {
    if (deps.whatsappCalls === undefined) throw new ApiError(503, "calls_unavailable", "this server places no calls (the media plane is not running)");
    return deps.whatsappCalls;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}/call-permission",
      tags,
      summary: "WhatsApp: whether the conversation's customer lets the business call them, read from Meta now (status, expiry, and whether a call or a permission request can be made, with Meta's limits)",
      middleware: [agent],
      request: { params: IdParam },
      responses: { 200: jsonResponse(CallPermission, "The permission"), ...errorResponses(401, 403, 404, 422, 502, 503) },
    }),
    async (c) => c.json(await whatsappCalls().ofConversation(await actorOf(c, store), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/call-permission-request",
      tags,
      summary: "WhatsApp: ask the conversation's customer to allow calls (an interactive call_permission_request message); their answer becomes a line in the conversation",
      description: "For the conversation's assignee (or an admin). 409 permission_request_limit when Meta allows no request now (details.permission has the limits); 502 provider_error when Meta refuses the message.",
      middleware: [agent],
      request: {
        params: IdParam,
        body: { required: false, content: { "application/json": { schema: z.object({ text: z.string().trim().min(1).max(1024).optional().describe("What the customer reads above the request (default: a short question)") }) } } },
      },
      responses: { 200: jsonResponse(CallPermission, "The permission as it was when the request was sent"), ...errorResponses(400, 401, 403, 404, 409, 422, 502, 503) },
    }),
    async (c) => c.json(await whatsappCalls().askPermission(await actorOf(c, store), c.req.valid("param").id, c.req.valid("json").text), 200),
  );

  const action = (path: string, summary: string, run: (actor: Actor, id: string) => Promise<z.infer<typeof ConversationView>>) =>
    app.openapi(
      createRoute({ method: "post", path, tags, summary, middleware: [agent], request: { params: IdParam }, responses: { 200: jsonResponse(ConversationView, "The conversation"), ...errorResponses(401, 403, 404, 409) } }),
      async (c) => c.json(await run(await actorOf(c, store), c.req.valid("param").id), 200),
    );
  action("/{id}/accept", "Accept an offer: the first accept wins; a lost race is 409 offer_taken", (actor, id) => rooms.accept(actor, id));
  action("/{id}/hold", "Put the customer on hold", (actor, id) => rooms.hold(actor, id, true));
  action("/{id}/resume", "Take the customer off hold", (actor, id) => rooms.hold(actor, id, false));

  app.openapi(
    createRoute({ method: "post", path: "/{id}/decline", tags, summary: "Decline an offer", middleware: [agent], request: { params: IdParam }, responses: { 204: { description: "Declined" }, ...errorResponses(401, 403, 404, 409) } }),
    async (c) => {
      await rooms.decline(await actorOf(c, store), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/close",
      tags,
      summary: "Close: a flow waiting on it continues at `completed` (or `no_answer` if nobody had taken it)",
      middleware: [agent],
      request: { params: IdParam, body: { required: false, content: { "application/json": { schema: z.object({ reason: z.string().trim().min(1).max(200).optional() }) } } } },
      responses: { 200: jsonResponse(ConversationView, "The closed conversation"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await rooms.close(await actorOf(c, store), c.req.valid("param").id, c.req.valid("json").reason), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/transfer",
      tags,
      summary: "Transfer to another team (its routing) or agent (offered to them, then their team)",
      description: "An agent of the conversation's team, or an admin user; otherwise 422 `agent_not_in_team` naming `body.agentId` (an admin may transfer to anyone).",
      middleware: [agent],
      request: { params: IdParam, body: jsonBody(z.union([z.object({ teamId: z.string().min(1) }), z.object({ agentId: z.string().min(1) })])) },
      responses: { 200: jsonResponse(ConversationView, "The conversation, waiting again"), ...errorResponses(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await rooms.transfer(await actorOf(c, store), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/participants",
      tags,
      summary: "Invite a participant by channel and address (channel drivers reach them)",
      description: "Not agents: `console` is refused with 422 `invalid_participant` (agents join by assign or transfer, which follow the team rule).",
      middleware: [agent],
      request: {
        params: IdParam,
        body: jsonBody(InviteBody),
      },
      responses: { 201: jsonResponse(ParticipantView, "The participant"), ...errorResponses(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await rooms.invite(await actorOf(c, store), c.req.valid("param").id, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/assign",
      tags,
      summary: "Assign to an agent (admins, or members of the conversation's team)",
      description: "The agent must be a member of the conversation's team, or an admin user; otherwise 422 `agent_not_in_team` naming `body.agentId`. An admin may assign to anyone.",
      middleware: [agent],
      request: { params: IdParam, body: jsonBody(z.object({ agentId: z.string().min(1) })) },
      responses: { 200: jsonResponse(ConversationView, "The conversation"), ...errorResponses(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await rooms.assign(await actorOf(c, store), c.req.valid("param").id, c.req.valid("json").agentId), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      summary: "Set priority or subject",
      middleware: [agent],
      request: { params: IdParam, body: jsonBody(z.object({ priority: Priority.optional(), subject: z.string().trim().min(1).max(200).optional() })) },
      responses: { 200: jsonResponse(ConversationView, "The conversation"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await rooms.update(await actorOf(c, store), c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({ method: "delete", path: "/{id}", tags, summary: "Delete a conversation with its messages and participants (admins)", middleware: [admin], request: { params: IdParam }, responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) } }),
    async (c) => {
      await rooms.remove(await actorOf(c, store), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  return app;
}
