import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { Identifier } from "../../../flow-schema/primitives";
import type { Rooms } from "../../rooms/rooms";
import type { Store } from "../../store/open-store";
import { HoldAudioNotFound, type StoreError } from "../../store/store-errors";
import type { TeamRecord } from "../../store/teams-repo";
import { ApiError, errorResponses, fieldError, fromStoreError } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { iso, Timestamp } from "../schemas";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

const HoldAudio = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .nullable()
  .describe("What the team's voice callers hear while they wait or are held when the transfer names no holdAudio: an audio library id, `hold` or `ringback`; null = `hold`");
const TransferTimeoutSeconds = z
  .number()
  .int()
  .min(5)
  .max(3600)
  .nullable()
  .describe("Seconds every transfer to this team waits for an agent before no_answer, instead of the transfer node's own timeoutSeconds; null = the node's");
const Capacity = z
  .number()
  .int()
  .min(1)
  .max(100)
  .nullable()
  .describe("Conversations a member takes at once when no capacity was set for them (an agent in several teams: the highest); null = 3");

const Recording = z
  .enum(["off", "agent", "call"])
  .describe("Recording of the team's calls on the media plane: off (default), agent (from the moment an agent joins) or call (the whole call, flow included; a greeting can announce it)");

export const Team = z
  .object({
    id: z.string(),
    name: z.string(),
    members: z.array(z.string()).describe("User ids"),
    routingStrategy: z.enum(["broadcast", "round_robin"]).describe("How conversations are offered (PUT /api/conversations/teams/:teamId/routing)"),
    offerTimeoutSeconds: z.number().int().describe("round_robin: seconds the one agent has before everyone is offered it"),
    holdAudio: HoldAudio,
    transferTimeoutSeconds: TransferTimeoutSeconds,
    capacity: Capacity,
    recording: Recording,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Team" });
const team = (record: TeamRecord): z.infer<typeof Team> => ({
  id: record.id,
  name: record.name,
  members: record.members,
  routingStrategy: record.routingStrategy,
  offerTimeoutSeconds: record.offerTimeoutSeconds,
  holdAudio: record.holdAudio,
  transferTimeoutSeconds: record.transferTimeoutSeconds,
  capacity: record.capacity,
  recording: record.recording,
  createdAt: iso(record.createdAt),
  updatedAt: iso(record.updatedAt),
});
const TeamIdParam = z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) });

const TeamChange = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    routingStrategy: z.enum(["broadcast", "round_robin"]),
    offerTimeoutSeconds: z.number().int().min(1).max(3600),
    holdAudio: HoldAudio,
    transferTimeoutSeconds: TransferTimeoutSeconds,
    capacity: Capacity,
    recording: Recording,
  })
  .partial()
  .meta({ id: "TeamChange" });
const NewTeam = TeamChange.omit({ name: true })
  .extend({ id: Identifier, name: z.string().trim().min(1).max(100) })
  .meta({ id: "NewTeam" });

/** The store's refusals; an unknown hold audio is bad input naming the field. */
function teamError(error: StoreError): ApiError {
  if (error instanceof HoldAudioNotFound) {
    return fieldError(400, error.code, "body.holdAudio", error.message);
  }
  return fromStoreError(error);
}

/** Agent teams: a transfer node names one by id. */
export function teamsRoutes(store: Store, rooms?: Pick<Rooms, "teamCapacityChanged">): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const admin = requireRole("admin");

  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["teams"], summary: "List teams", responses: { 200: jsonResponse(z.array(Team), "Teams"), ...errorResponses(401) } }),
    async (c) => c.json((await store.teams.listTeams()).map(team), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["teams"],
      summary: "Create a team",
      middleware: [admin],
      description: "Routing, hold audio, transfer timeout, capacity and recording may be given at once (else they default). A holdAudio that is neither `hold`, `ringback` nor an audio library id is refused with 400.",
      request: { body: jsonBody(NewTeam) },
      responses: { 201: jsonResponse(Team, "Created"), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const created = await store.teams.createTeam(c.req.valid("json"));
      if (!created.ok) throw teamError(created.error);
      return c.json(team(created.value), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["teams"],
      summary: "One team",
      request: { params: TeamIdParam },
      responses: { 200: jsonResponse(Team, "The team"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const found = await store.teams.getTeam(id);
      if (found === undefined) throw new ApiError(404, "team_not_found", `team ${id} does not exist`);
      return c.json(team(found), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["teams"],
      summary: "Change a team's name, routing, hold audio, transfer timeout, capacity or recording",
      description:
        "Only the fields given change; null clears hold audio (back to `hold`), transfer timeout (back to each transfer's own) and capacity (back to 3). " +
        "A holdAudio that is neither `hold`, `ringback` nor an audio library id is refused with 400 naming `body.holdAudio`, and nothing changes.",
      middleware: [admin],
      request: { params: TeamIdParam, body: jsonBody(TeamChange) },
      responses: { 200: jsonResponse(Team, "The team"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const change = c.req.valid("json");
      const updated = await store.teams.updateTeam(id, change);
      if (!updated.ok) throw teamError(updated.error);
      if (change.capacity !== undefined) await rooms?.teamCapacityChanged(id);
      return c.json(team(updated.value), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/{id}/members",
      tags: ["teams"],
      summary: "Add an agent to a team",
      middleware: [admin],
      request: { params: TeamIdParam, body: jsonBody(z.object({ userId: z.string().min(1) })) },
      responses: { 200: jsonResponse(Team, "The team"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const added = await store.teams.addMember(id, c.req.valid("json").userId);
      if (!added.ok) throw fromStoreError(added.error);
      const found = await store.teams.getTeam(id);
      if (!found) throw new ApiError(404, "team_not_found", `team ${id} does not exist`);
      return c.json(team(found), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}/members/{userId}",
      tags: ["teams"],
      summary: "Remove an agent from a team",
      middleware: [admin],
      request: { params: TeamIdParam.extend({ userId: z.string().min(1).meta({ param: { name: "userId", in: "path" } }) }) },
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id, userId } = c.req.valid("param");
      if (!(await store.teams.removeMember(id, userId))) throw new ApiError(404, "member_not_found", `user ${userId} is not in team ${id}`);
      return c.body(null, 204);
    },
  );

  return app;
}
