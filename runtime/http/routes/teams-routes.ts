import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { Identifier } from "../../../flow-schema/primitives";
import type { Store } from "../../store/open-store";
import type { TeamRecord } from "../../store/teams-repo";
import { ApiError, errorResponses, fromStoreError } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { iso, Timestamp } from "../schemas";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

export const Team = z
  .object({
    id: z.string(),
    name: z.string(),
    members: z.array(z.string()).describe("User ids"),
    routingStrategy: z.enum(["broadcast", "round_robin"]).describe("How conversations are offered (PUT /api/conversations/teams/:teamId/routing)"),
    offerTimeoutSeconds: z.number().int().describe("round_robin: seconds the one agent has before everyone is offered it"),
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
  createdAt: iso(record.createdAt),
  updatedAt: iso(record.updatedAt),
});
const TeamIdParam = z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) });

/** Agent teams: a transfer node names one by id. */
export function teamsRoutes(store: Store): OpenAPIHono<AppEnv> {
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
      request: { body: jsonBody(z.object({ id: Identifier, name: z.string().trim().min(1).max(100) })) },
      responses: { 201: jsonResponse(Team, "Created"), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const created = await store.teams.createTeam(c.req.valid("json"));
      if (!created.ok) throw fromStoreError(created.error);
      return c.json(team(created.value), 201);
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
