import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { MAX_AUDIO_BYTES } from "../../audio/audio-errors";
import type { AudioLibrary } from "../../audio/audio-library";
import type { AudioRecord } from "../../store/audio-repo";
import { ApiError, errorResponses, fromStoreError } from "../api-error";
import type { AppEnv } from "../app-env";
import { bodySizeLimit } from "../body-size-limit";
import { requireRole } from "../auth/authenticate";
import { jsonBody, jsonResponse } from "../openapi-content";
import { iso, Timestamp } from "../schemas";
import { validationHook } from "../validation-hook";

export const AudioAsset = z
  .object({
    id: z.string().describe("What prompts (`prompt.audio`) and transfers (`holdAudio`) name"),
    name: z.string(),
    duration: z.number().describe("Seconds"),
    durationMs: z.number().int(),
    size: z.number().int().describe("Bytes of the upload"),
    contentHash: z.string().describe("sha256 hex of the uploaded bytes: the same file uploaded again is this asset"),
    sourceFormat: z.enum(["wav", "mp3", "ogg", "m4a"]).describe("What the upload was, by its content"),
    wavSize: z.number().int().describe("Bytes of the phone rendition (8 kHz μ-law mono WAV)"),
    oggSize: z.number().int().describe("Bytes of the web rendition (OGG/Opus)"),
    wavUrl: z.string().describe("Public: /audio/<id>.wav"),
    oggUrl: z.string().describe("Public: /audio/<id>.ogg"),
    createdBy: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "AudioAsset" });

export const AudioUse = z.object({ flowId: z.string(), flowName: z.string(), versions: z.array(z.number().int()) }).meta({ id: "AudioUse" });
export const AudioTeamUse = z.object({ id: z.string(), name: z.string() }).describe("A team that plays the asset as its hold audio").meta({ id: "AudioTeamUse" });

const asset = (record: AudioRecord): z.infer<typeof AudioAsset> => ({
  id: record.id,
  name: record.name,
  duration: Math.round(record.durationMs) / 1000,
  durationMs: record.durationMs,
  size: record.size,
  contentHash: record.contentHash,
  sourceFormat: record.sourceFormat,
  wavSize: record.wavSize,
  oggSize: record.oggSize,
  wavUrl: `/audio/${encodeURIComponent(record.id)}.wav`,
  oggUrl: `/audio/${encodeURIComponent(record.id)}.ogg`,
  createdBy: record.createdBy,
  createdAt: iso(record.createdAt),
  updatedAt: iso(record.updatedAt),
});

const AudioIdParam = z.object({ id: z.string().min(1).max(200).meta({ param: { name: "id", in: "path" } }) });

/**
 * The upload form, as a plain OpenAPI schema: a zod schema here would make the OpenAPI layer
 * validate (and answer 415 without naming the field); the handler reads the form itself.
 */
const UPLOAD_FORM = {
  type: "object" as const,
  required: ["file"],
  properties: {
    file: { type: "string" as const, format: "binary", description: "WAV, MP3, OGG or M4A (recognised by content), at most 20 MB and AUDIO_MAX_SECONDS (600) long" },
    name: { type: "string" as const, maxLength: 200, description: "Shown in the library (default: the file name)" },
  },
};

/** Multipart overhead allowed on top of the file itself. */
const FORM_OVERHEAD = 256 * 1024;

/** The audio library: upload (transcoded by ffmpeg), list, rename, delete (refused while a published version uses it). */
export function audioRoutes(library: AudioLibrary): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const admin = requireRole("admin");

  app.openapi(
    createRoute({ method: "get", path: "/", tags: ["audio"], summary: "List the audio library", responses: { 200: jsonResponse(z.array(AudioAsset), "Assets, by name"), ...errorResponses(401) } }),
    async (c) => c.json((await library.list()).map(asset), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["audio"],
      summary: "Upload audio (multipart/form-data: file, name)",
      description: "Transcoded to 8 kHz μ-law WAV (phone) and OGG/Opus (web). The same bytes uploaded again answer the existing asset with 200. Longer than AUDIO_MAX_SECONDS (600 by default): 413 audio_too_long with details {maxSeconds, durationSeconds}. Refusals store nothing.",
      middleware: [
        admin,
        bodySizeLimit({ maxSize: MAX_AUDIO_BYTES + FORM_OVERHEAD, refuse: () => new ApiError(413, "audio_too_large", `file: larger than ${MAX_AUDIO_BYTES / 1024 / 1024} MB`) }),
      ],
      request: { body: { required: true, content: { "multipart/form-data": { schema: UPLOAD_FORM } } } },
      responses: {
        201: jsonResponse(AudioAsset, "Uploaded and transcoded"),
        200: jsonResponse(AudioAsset, "The same file was uploaded before: that asset"),
        ...errorResponses(400, 401, 403, 413),
      },
    }),
    async (c) => {
      if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
        throw new ApiError(400, "invalid_request", "file: send the audio as multipart/form-data with a `file` field");
      }
      const form = await c.req.parseBody();
      const file = form.file;
      if (!(file instanceof File)) throw new ApiError(400, "invalid_request", "file: required (a file field of the multipart form)");
      if (file.size === 0) throw new ApiError(400, "invalid_request", "file: empty");
      if (file.size > MAX_AUDIO_BYTES) throw new ApiError(413, "audio_too_large", `file: larger than ${MAX_AUDIO_BYTES / 1024 / 1024} MB`);
      const name = form.name;
      if (name !== undefined && (typeof name !== "string" || name.trim().length > 200)) throw new ApiError(400, "invalid_request", "name: text of at most 200 characters");
      const principal = c.get("principal");
      const uploaded = await library.upload({
        bytes: new Uint8Array(await file.arrayBuffer()),
        name: typeof name === "string" ? name : undefined,
        fileName: file.name,
        createdBy: principal.kind === "user" ? principal.id : principal.name,
      });
      if (!uploaded.ok) throw fromStoreError(uploaded.error, "details" in uploaded.error ? uploaded.error.details : undefined);
      return uploaded.value.created ? c.json(asset(uploaded.value.record), 201) : c.json(asset(uploaded.value.record), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["audio"],
      summary: "One asset, with the published versions and the teams that use it",
      request: { params: AudioIdParam },
      responses: { 200: jsonResponse(AudioAsset.extend({ usedBy: z.array(AudioUse), usedByTeams: z.array(AudioTeamUse) }), "The asset"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const found = await library.get(id);
      if (found === undefined) throw new ApiError(404, "audio_not_found", `audio ${id} does not exist`);
      return c.json({ ...asset(found), usedBy: await library.usage(id), usedByTeams: await library.teamUsage(id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["audio"],
      summary: "Rename an asset",
      middleware: [admin],
      request: { params: AudioIdParam, body: jsonBody(z.object({ name: z.string().trim().min(1).max(200) })) },
      responses: { 200: jsonResponse(AudioAsset, "Renamed"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const renamed = await library.rename(c.req.valid("param").id, c.req.valid("json").name);
      if (!renamed.ok) throw fromStoreError(renamed.error);
      return c.json(asset(renamed.value), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["audio"],
      summary: "Delete an asset and its files",
      description:
        "Refused with 409 `audio_in_use` while a published version of a flow uses it or a team plays it as hold audio (`details.usedBy`: flows and version numbers; `details.usedByTeams`: teams).",
      middleware: [admin],
      request: { params: AudioIdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const deleted = await library.delete(c.req.valid("param").id);
      if (!deleted.ok) {
        const error = deleted.error;
        throw fromStoreError(error, "usedBy" in error ? { usedBy: error.usedBy, usedByTeams: error.usedByTeams } : undefined);
      }
      return c.body(null, 204);
    },
  );

  return app;
}
