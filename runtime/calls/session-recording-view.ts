import { z } from "zod";
import type { SessionRecording } from "../store/session-recordings-repo";
import { iso, Timestamp } from "../http/schemas";

/** A session's recording (a record node's voicemail) as the API and the call log show it. */
export const SessionRecordingView = z
  .object({
    id: z.string(),
    nodeId: z.string().describe("The record node that made it"),
    callId: z.string().nullable(),
    source: z.enum(["media", "twilio"]).describe("media: recorded by our media plane (the caller alone, Ogg/Opus); twilio: Twilio's <Record>, the audio kept at Twilio"),
    url: z.string().describe("Where it plays: /api/sessions/{id}/recordings/{recordingId} (with credentials; a Twilio recording redirects to Twilio)"),
    contentType: z.string(),
    durationMs: z.number().int(),
    bytes: z.number().int().nullable(),
    finishKey: z.string().nullable().describe("The key that ended it, when one did"),
    createdAt: Timestamp,
  })
  .meta({ id: "SessionRecording" });

export const recordingView = (row: SessionRecording): z.infer<typeof SessionRecordingView> => ({
  id: row.id,
  nodeId: row.nodeId,
  callId: row.callId,
  source: row.source,
  url: `/api/sessions/${encodeURIComponent(row.sessionId)}/recordings/${encodeURIComponent(row.id)}`,
  contentType: row.contentType,
  durationMs: row.durationMs,
  bytes: row.bytes,
  finishKey: row.finishKey,
  createdAt: iso(row.createdAt),
});
