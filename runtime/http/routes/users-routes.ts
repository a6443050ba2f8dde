import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Store } from "../../store/open-store";
import type { UserRecord } from "../../store/users-repo";
import { ApiError, errorResponses, fromStoreError } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { isoOrNull, iso, Timestamp } from "../schemas";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

const Role = z.enum(["admin", "agent"]);
export const User = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: Role, createdAt: Timestamp, disabledAt: Timestamp.nullable() })
  .meta({ id: "User" });
const user = (record: UserRecord): z.infer<typeof User> => ({ ...record, createdAt: iso(record.createdAt), disabledAt: isoOrNull(record.disabledAt) });
const Password = z.string().min(8, "at least 8 characters").max(200);
const UserIdParam = z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) });

/** Admins manage users: create, change role, disable, reset passwords. */
export function usersRoutes(store: Store): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", requireRole("admin"));
  const mustGet = async (id: string) => {
    const found = await store.users.getUser(id);
    if (!found) throw new ApiError(404, "user_not_found", `user ${id} does not exist`);
    return found;
  };

  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["users"], summary: "List users", responses: { 200: jsonResponse(z.array(User), "Users"), ...errorResponses(401, 403) } }),
    async (c) => c.json((await store.users.listUsers()).map(user), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["users"],
      summary: "Create a user",
      request: { body: jsonBody(z.object({ email: z.string().email().max(200), name: z.string().trim().min(1).max(200), role: Role, password: Password })) },
      responses: { 201: jsonResponse(User, "Created"), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const created = await store.users.createUser(c.req.valid("json"));
      if (!created.ok) throw fromStoreError(created.error);
      return c.json(user(created.value), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["users"],
      summary: "Change a user's role, or disable / enable them",
      request: { params: UserIdParam, body: jsonBody(z.object({ role: Role.optional(), disabled: z.boolean().optional() })) },
      responses: { 200: jsonResponse(User, "Updated"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      await mustGet(id);
      if (body.role !== undefined) await store.users.setRole(id, body.role);
      if (body.disabled !== undefined) {
        await store.users.setDisabled(id, body.disabled);
        if (body.disabled) await store.authSessions.deleteForUser(id);
      }
      return c.json(user(await mustGet(id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/{id}/password",
      tags: ["users"],
      summary: "Reset a user's password (signs them out everywhere)",
      request: { params: UserIdParam, body: jsonBody(z.object({ password: Password })) },
      responses: { 204: { description: "Reset" }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const reset = await store.users.setPassword(id, c.req.valid("json").password);
      if (!reset.ok) throw fromStoreError(reset.error);
      await store.authSessions.deleteForUser(id);
      return c.body(null, 204);
    },
  );

  return app;
}
