import { z } from "zod";
import type { CallAgent, CallRecord } from "../store/calls-repo";
import { iso, isoOrNull, Timestamp } from "../http/schemas";

export const CallAgentView = z
  .object({
    userId: z.string().nullable().describe("Null once the user was deleted"),
    name: z.string().nullable(),
    joinedAt: Timestamp,
    leftAt: Timestamp.nullable(),
  })
  .meta({ id: "CallAgent" });

export const RecordingStatus = z
  .enum(["available", "failed", "deleted", "none"])
  .describe("available: play it at `url`; failed: `error` says why; deleted: removed after RECORDING_RETENTION_DAYS; none: not recorded");

export const CallRecordingView = z
  .object({
    mode: z.enum(["off", "agent", "call"]).describe("The team's recording setting that applied: off, agent (from when an agent joined), call (the whole call)"),
    status: RecordingStatus,
    url: z.string().nullable().describe("GET it with the same credentials (cookie or API key): Ogg/Opus, Range requests"),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: "CallRecording" });

export const CallView = z
  .object({
    id: z.string(),
    channelId: z.string().nullable(),
    channelType: z.string().describe("webvoice, sip_trunk, whatsapp_cloud; twilio_voice for a Twilio caller bridged to agents over a Media Stream (its row starts with the stream)"),
    direction: z.enum(["inbound", "outbound"]),
    from: z.string().nullable().describe("The caller's address as the channel knows it (a web visitor id, a phone number)"),
    to: z.string().nullable(),
    state: z.enum(["ringing", "active", "ended"]),
    sessionId: z.string().nullable(),
    conversationId: z.string().nullable(),
    createdAt: Timestamp,
    answeredAt: Timestamp.nullable(),
    endedAt: Timestamp.nullable(),
    endReason: z.string().nullable().describe("hangup, hangup_node, ice_timeout, peer_gone, no_rtp, transport_failed, media_process_exit, media_lost_on_restart, shutdown…"),
    hungUpBy: z.enum(["caller", "agent", "system"]).nullable(),
    durationMs: z.number().int().nullable().describe("Answered to ended (to now while it lasts); null when never answered"),
    holdMs: z.number().int().describe("Time agents held the caller"),
    talkMs: z.number().int().describe("Time at least one agent was on the answered call, less the hold time"),
    agents: z.array(CallAgentView).describe("Each agent's stays on the call, first joined first"),
    recording: CallRecordingView,
  })
  .meta({ id: "Call" });
export type CallView = z.infer<typeof CallView>;

/** Milliseconds covered by at least one of the intervals (overlaps counted once). */
function covered(intervals: readonly (readonly [number, number])[]): number {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(start, reach);
    if (end > from) total += end - from;
    reach = Math.max(reach, end);
  }
  return total;
}

/** A call as the API shows it: times in ISO, its duration and talk time worked out (`now` for a call still going). */
export function callView(call: CallRecord, agents: readonly CallAgent[], now: number): CallView {
  const end = call.endedAt ?? now;
  const durationMs = call.answeredAt === null ? null : Math.max(0, end - call.answeredAt);
  const answered = call.answeredAt;
  const withAgents = answered === null ? 0 : covered(agents.map((stay) => [Math.max(stay.joinedAt, answered), Math.min(stay.leftAt ?? end, end)] as const));
  const status = call.recordingPath !== null ? "available" : call.recordingError !== null ? "failed" : call.recordingMode !== "off" && call.recordingMs !== null ? "deleted" : "none";
  return {
    id: call.id,
    channelId: call.channelId,
    channelType: call.channelType,
    direction: call.direction,
    from: call.fromAddress,
    to: call.toAddress,
    state: call.state,
    sessionId: call.sessionId,
    conversationId: call.conversationId,
    createdAt: iso(call.createdAt),
    answeredAt: isoOrNull(call.answeredAt),
    endedAt: isoOrNull(call.endedAt),
    endReason: call.endReason,
    hungUpBy: call.hungUpBy,
    durationMs,
    holdMs: call.holdMs,
    talkMs: Math.max(0, withAgents - call.holdMs),
    agents: agents.map((stay) => ({ userId: stay.userId, name: stay.name, joinedAt: iso(stay.joinedAt), leftAt: isoOrNull(stay.leftAt) })),
    recording: {
      mode: call.recordingMode,
      status,
      url: status === "available" ? `/api/calls/${encodeURIComponent(call.id)}/recording` : null,
      durationMs: call.recordingMs,
      error: call.recordingError,
    },
  };
}
