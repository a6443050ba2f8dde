import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { SpeechEngines, speechEngines } from "../../speech/speech-engines";
import { errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

/** Speech recognition: which engines run here, and why not (see runtime/speech). */
export function speechRoutes(engines: () => SpeechEngines = speechEngines): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["speech"], summary: "Speech recognition engines", responses: { 200: jsonResponse(SpeechEngines, "Engines"), ...errorResponses(401) } }),
    (c) => c.json(engines(), 200),
  );
  return app;
}
