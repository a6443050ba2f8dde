import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiKeyRecord } from "../../store/api-keys-repo";
import type { Store } from "../../store/open-store";
import { errorResponses, fromStoreError } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { iso, isoOrNull, Timestamp } from "../schemas";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("The key's first characters, to recognise it"),
    role: z.enum(["admin", "agent"]),
    createdBy: z.string().nullable(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: "ApiKey" });
const apiKey = (record: ApiKeyRecord): z.infer<typeof ApiKey> => ({
  ...record,
  createdAt: iso(record.createdAt),
  lastUsedAt: isoOrNull(record.lastUsedAt),
  revokedAt: isoOrNull(record.revokedAt),
});

/** Admins issue API keys (the key is shown once) and revoke them. */
export function apiKeysRoutes(store: Store): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", requireRole("admin"));

  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["api keys"], summary: "List API keys (never the keys themselves)", responses: { 200: jsonResponse(z.array(ApiKey), "Keys, newest first"), ...errorResponses(401, 403) } }),
    async (c) => c.json((await store.apiKeys.listApiKeys()).map(apiKey), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["api keys"],
      summary: "Issue an API key",
      request: { body: jsonBody(z.object({ name: z.string().trim().min(1).max(100), role: z.enum(["admin", "agent"]).default("admin") })) },
      responses: { 201: jsonResponse(ApiKey.extend({ key: z.string().describe("The key: shown this once, it cannot be read back") }), "Issued"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const principal = c.get("principal");
      const { key, record } = await store.apiKeys.createApiKey({ name: body.name, role: body.role, createdBy: principal.kind === "user" ? principal.id : null });
      return c.json({ ...apiKey(record), key }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["api keys"],
      summary: "Revoke an API key",
      request: { params: z.object({ id: z.string().min(1).meta({ param: { name: "id", in: "path" } }) }) },
      responses: { 204: { description: "Revoked" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const revoked = await store.apiKeys.revokeApiKey(c.req.valid("param").id);
      if (!revoked.ok) throw fromStoreError(revoked.error);
      return c.body(null, 204);
    },
  );

  return app;
}
