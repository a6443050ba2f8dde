import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { AiProvider, AiProviderCheck, AiProviderInput, AiProviderRefused, type AiProviders } from "../../ai/ai-providers";
import { assertAllowedBaseUrl } from "../../provider-endpoint/base-url";
import { ApiError, errorResponses, fieldError } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

const IdParam = z.object({ id: z.string().min(1).max(100).meta({ param: { name: "id", in: "path" } }) });
const notFound = (id: string) => new ApiError(404, "not_found", `AI provider ${id} does not exist`);

/** A refusal of the service as the API's error naming the field. */
async function saving<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AiProviderRefused) throw fieldError(error.code === "name_taken" ? 409 : 400, error.code, error.field, error.message);
    throw error;
  }
}

const KEY_NOTE =
  "Keys are sealed with the server's secret key, as channel credentials are, and never returned (`apiKeySet` says whether one is stored). " +
  "A loopback, private or link-local base URL is refused (400 address_not_allowed naming body.baseUrl) unless HTTP_CALLBACK_ALLOWLIST allows it; host names are checked when connecting.";

/** The AI model providers (runtime/ai), admins only: `/api/ai/providers`. */
export function aiRoutes(providers: AiProviders): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const admin = requireRole("admin");

  app.openapi(
    createRoute({ method: "get", path: "/providers", tags: ["ai"], summary: "List AI providers", middleware: [admin], responses: { 200: jsonResponse(z.array(AiProvider), "Providers, by name"), ...errorResponses(401, 403) } }),
    async (c) => c.json(await providers.list(), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/providers",
      tags: ["ai"],
      summary: "Add an AI provider (OpenAI-compatible or Azure OpenAI)",
      description: `Any server that speaks OpenAI's \`POST {baseUrl}/chat/completions\` (OpenAI, Ollama, vLLM, llama.cpp), or Azure OpenAI. Names are unique (409 name_taken). ${KEY_NOTE}`,
      middleware: [admin],
      request: { body: jsonBody(AiProviderInput) },
      responses: { 201: jsonResponse(AiProvider, "Created"), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      assertAllowedBaseUrl(input.baseUrl, providers.policy);
      return c.json(await saving(() => providers.create(input)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/providers/{id}",
      tags: ["ai"],
      summary: "One AI provider",
      middleware: [admin],
      request: { params: IdParam },
      responses: { 200: jsonResponse(AiProvider, "The provider"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const found = await providers.get(id);
      if (found === undefined) throw notFound(id);
      return c.json(found, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/providers/{id}",
      tags: ["ai"],
      summary: "Replace an AI provider's settings",
      description: `The whole settings; omit \`apiKey\` to keep the stored key, send null to remove it. ${KEY_NOTE}`,
      middleware: [admin],
      request: { params: IdParam, body: jsonBody(AiProviderInput) },
      responses: { 200: jsonResponse(AiProvider, "The provider"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      assertAllowedBaseUrl(input.baseUrl, providers.policy);
      const replaced = await saving(() => providers.replace(id, input));
      if (replaced === undefined) throw notFound(id);
      return c.json(replaced, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/providers/{id}",
      tags: ["ai"],
      summary: "Remove an AI provider (and its key)",
      middleware: [admin],
      request: { params: IdParam },
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      if (!(await providers.remove(id))) throw notFound(id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/providers/{id}/check",
      tags: ["ai"],
      summary: "Check an AI provider",
      description: "Asks the default model for one token (a real request, no fallback) and, for OpenAI-compatible providers, lists its models; says what it answered (ok, its error, the time taken). 200 either way; 404 when there is no such provider.",
      middleware: [admin],
      request: { params: IdParam },
      responses: { 200: jsonResponse(AiProviderCheck, "What the provider answered"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const result = await providers.check(id);
      if (result === undefined) throw notFound(id);
      return c.json(result, 200);
    },
  );
  return app;
}
