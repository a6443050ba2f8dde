import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { SpeechEngines, speechEngines } from "../../speech/speech-engines";
import { assertAllowedBaseUrl } from "../../provider-endpoint/base-url";
import { TranscriptionCheck, TranscriptionProvider, TranscriptionSettings, TranscriptionSettingsInput } from "../../speech/transcription-provider";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

const notConfigured = () => new ApiError(404, "not_configured", "no transcription provider is set: PUT /api/speech/transcription");

/**
 * Speech recognition: which engines run here, and why not (see runtime/speech); the
 * OpenAI-compatible transcription provider's settings (admins), one resource under `/transcription`
 * as there is one provider per server.
 */
export function speechRoutes(provider: TranscriptionProvider, engines: (transcriptionModel?: string) => SpeechEngines = speechEngines): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const admin = requireRole("admin");
  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["speech"], summary: "Speech recognition engines", responses: { 200: jsonResponse(SpeechEngines, "Engines"), ...errorResponses(401) } }),
    async (c) => c.json(engines((await provider.settings())?.model), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/transcription",
      tags: ["speech"],
      summary: "The transcription provider's settings",
      description: "The API key is never returned: `apiKeySet` says whether one is stored. 404 not_configured when no provider is set.",
      middleware: [admin],
      responses: { 200: jsonResponse(TranscriptionSettings, "The settings"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const settings = await provider.settings();
      if (settings === undefined) throw notConfigured();
      return c.json(settings, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/transcription",
      tags: ["speech"],
      summary: "Set the transcription provider (OpenAI-compatible)",
      description:
        "Any server that speaks OpenAI's `POST {baseUrl}/audio/transcriptions` (OpenAI, whisper.cpp's server, vLLM). The key is sealed with the server's secret key, as channel credentials are; " +
        "omit `apiKey` to keep the stored one, send null to remove it. A loopback, private or link-local address is refused (400 naming body.baseUrl) unless HTTP_CALLBACK_ALLOWLIST allows it; host names are checked when connecting.",
      middleware: [admin],
      request: { body: jsonBody(TranscriptionSettingsInput) },
      responses: { 200: jsonResponse(TranscriptionSettings, "The settings"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      assertAllowedBaseUrl(input.baseUrl, provider.policy);
      return c.json(await provider.save(input), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/transcription",
      tags: ["speech"],
      summary: "Remove the transcription provider (and its key)",
      middleware: [admin],
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      if (!(await provider.remove())) throw notConfigured();
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/transcription/check",
      tags: ["speech"],
      summary: "Check the transcription provider",
      description: "Sends one second of quiet audio as a real transcription request and says what the provider answered (ok, its error, the time taken). 200 either way; 404 when no provider is set.",
      middleware: [admin],
      responses: { 200: jsonResponse(TranscriptionCheck, "What the provider answered"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const result = await provider.check();
      if (result === undefined) throw notConfigured();
      return c.json(result, 200);
    },
  );
  return app;
}
