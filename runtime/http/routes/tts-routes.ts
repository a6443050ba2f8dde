import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { LanguageTag } from "../../../flow-schema/primitives";
import { piperInstalled, piperModuleUrl } from "../../tts/piper-assets";
import type { TtsService } from "../../tts/tts-service";
import type { VoiceFolder } from "../../tts/voice-folder";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";
import { requireRole } from "../auth/authenticate";
import { jsonBody, jsonResponse } from "../openapi-content";
import { validationHook } from "../validation-hook";

const PiperVoice = z
  .object({ id: z.string().describe("Use as the prompt voice `piper:<id>`"), language: z.string().nullable(), sampleRate: z.number().nullable(), speakers: z.number().int(), modelBytes: z.number().int() })
  .meta({ id: "PiperVoice" });

const Engines = z
  .object({
    espeak: z.object({ available: z.boolean().describe("espeak-ng is installed on the server") }),
    piper: z.object({
      installed: z.boolean().describe("piper-tts-web's browser files are served at /piper/"),
      module: z.string().nullable().describe("The URL of its ES module (imported by the designer only when asked to speak)"),
      voices: z.array(PiperVoice).describe("Voices in $DATA_DIR/voices, served at /voices/") }),
    native: z.object({ available: z.literal(true).describe("The channel's own TTS (Twilio <Say>) needs nothing here") }),
  })
  .meta({ id: "TtsEngines" });

const Rendered = z
  .object({
    engine: z.literal("espeak"),
    key: z.string().describe("sha256 of engine, voice and text"),
    assetId: z.string().describe("tts-<key>: served at /audio/<assetId>.wav and .ogg"),
    cached: z.boolean().describe("It was rendered before: nothing was synthesised"),
    wavUrl: z.string(),
    oggUrl: z.string(),
  })
  .meta({ id: "TtsRender" });

/** Server text to speech: which engines run, and espeak-ng renders (cached) for previews. */
export function ttsRoutes(deps: { tts: TtsService; voices: VoiceFolder }): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["tts"], summary: "Text to speech engines and Piper voices", responses: { 200: jsonResponse(Engines, "Engines"), ...errorResponses(401) } }),
    async (c) =>
      c.json(
        {
          espeak: { available: deps.tts.espeakAvailable },
          piper: { installed: piperInstalled(), module: piperModuleUrl(), voices: (await deps.voices.list()).map((voice) => ({ ...voice, language: voice.language ?? null, sampleRate: voice.sampleRate ?? null })) },
          native: { available: true as const },
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/render",
      tags: ["tts"],
      summary: "Render text with espeak-ng (cached by engine, voice and text)",
      middleware: [requireRole("admin")],
      request: {
        body: jsonBody(
          z.object({
            text: z.string().trim().min(1).max(5000).describe("Plain text (templates are not interpolated here)"),
            voice: z.string().regex(/^[A-Za-z0-9_+-]{1,60}$/).optional().describe("An espeak-ng voice, e.g. en-gb"),
            language: LanguageTag.optional().describe("BCP 47, used when no voice is given"),
          }),
        ),
      },
      responses: { 200: jsonResponse(Rendered, "Rendered (or found in the cache)"), ...errorResponses(400, 401, 403, 503) },
    }),
    async (c) => {
      if (!deps.tts.espeakAvailable) throw new ApiError(503, "espeak_unavailable", "espeak-ng is not installed on the server (apt-get install espeak-ng)");
      const body = c.req.valid("json");
      const rendered = await deps.tts.renderEspeak(body);
      return c.json(
        { engine: "espeak" as const, key: rendered.key, assetId: rendered.assetId, cached: rendered.cached, wavUrl: `/audio/${rendered.assetId}.wav`, oggUrl: `/audio/${rendered.assetId}.ogg` },
        200,
      );
    },
  );

  return app;
}
