import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AudioFiles } from "../../audio/audio-files";
import { serveFile } from "../../audio/serve-file";
import { piperFile } from "../../tts/piper-assets";
import type { VoiceFolder } from "../../tts/voice-folder";
import { ApiError, errorResponses } from "../api-error";
import type { AppEnv } from "../app-env";

const notFound = (what: string) => new ApiError(404, "not_found", what);

const AudioFileParam = z.object({
  file: z.string().meta({ param: { name: "file", in: "path" }, example: "hold.wav", description: "<id>.wav (8 kHz μ-law mono) or <id>.ogg (Opus): a library id, hold, ringback or tts-<sha256>" }),
});

/**
 * Public files (no credentials: Twilio and browsers fetch them): `/audio/<id>.wav|.ogg` with Range
 * requests and cache validators, Piper voices at `/voices/<file>`, piper-tts-web at `/piper/<path>`.
 */
export function audioFilesRoutes(deps: { files: AudioFiles; voices: VoiceFolder }): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/audio/{file}",
    tags: ["audio"],
    summary: "Play an audio asset (public)",
    description: "Supports `Range: bytes=…` (206 with Content-Range; 416 past the end), ETag / If-None-Match, Last-Modified / If-Modified-Since and Cache-Control.",
    security: [],
    request: { params: AudioFileParam },
    responses: {
      200: { description: "The whole file", content: { "audio/wav": { schema: z.string().meta({ format: "binary" }) }, "audio/ogg": { schema: z.string().meta({ format: "binary" }) } } },
      206: { description: "One byte range" },
      304: { description: "Not modified" },
      416: { description: "The range is past the end of the file" },
      ...errorResponses(404),
    },
  });

  app.get("/audio/:file", async (c) => {
    const match = /^(.+)\.(wav|ogg)$/.exec(c.req.param("file"));
    const id = match?.[1];
    const rendition = match?.[2] === "ogg" ? "ogg" : "wav";
    if (id === undefined) throw notFound("audio files are /audio/<id>.wav or /audio/<id>.ogg");
    const file = await deps.files.resolve(id, rendition);
    if (file === undefined) throw notFound(`no audio ${id}`);
    try {
      return await serveFile(c.req.raw, file);
    } catch (error) {
      if (error instanceof Error && "code" in error && error.code === "ENOENT") throw notFound(`no audio ${id}`);
      throw error;
    }
  });

  app.get("/voices/:file", async (c) => {
    const path = deps.voices.filePath(c.req.param("file"));
    if (path === undefined) throw notFound("voices are /voices/<voice>.onnx and /voices/<voice>.onnx.json");
    const contentType = path.endsWith(".json") ? "application/json" : "application/octet-stream";
    try {
      return await serveFile(c.req.raw, { path, contentType, cacheControl: "public, max-age=3600" });
    } catch {
      throw notFound(`no voice file ${c.req.param("file")} in $DATA_DIR/voices`);
    }
  });

  app.get("/piper/*", async (c) => {
    const file = piperFile(c.req.path.slice("/piper/".length));
    if (file === undefined) throw notFound("piper-tts-web is not installed, or it has no such file (npm install puts it in node_modules/piper-tts-web)");
    return serveFile(c.req.raw, { ...file, cacheControl: "public, max-age=86400" });
  });

  return app;
}
