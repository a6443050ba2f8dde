import { z } from "zod";
import { api } from "../api/api-client";

/** One stay of an agent on a call (GET /api/calls). */
export const CallAgent = z.object({ userId: z.string().nullable(), name: z.string().nullable(), joinedAt: z.string(), leftAt: z.string().nullable() });
export type CallAgent = z.infer<typeof CallAgent>;

/** available: play `url`; failed: `error` says why; deleted: removed after the retention period; none: not recorded. */
export const CallRecording = z.object({
  mode: z.enum(["off", "agent", "call"]),
  status: z.enum(["available", "failed", "deleted", "none"]),
  url: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type CallRecording = z.infer<typeof CallRecording>;

/** A call on the media plane, as GET /api/calls answers it. */
export const Call = z.object({
  id: z.string(),
  channelId: z.string().nullable(),
  channelType: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  from: z.string().nullable(),
  to: z.string().nullable(),
  state: z.enum(["ringing", "active", "ended"]),
  sessionId: z.string().nullable(),
  conversationId: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  hungUpBy: z.enum(["caller", "agent", "system"]).nullable(),
  durationMs: z.number().int().nullable(),
  holdMs: z.number().int(),
  talkMs: z.number().int(),
  agents: z.array(CallAgent),
  recording: CallRecording,
});
export type Call = z.infer<typeof Call>;

export const CallsPage = z.object({ items: z.array(Call), nextCursor: z.string().nullable() });
export type CallsPage = z.infer<typeof CallsPage>;

/** Whose calls: a session's (the call logs), or an agent room's (the console). */
export type CallsOf = { sessionId: string } | { conversationId: string };

/** The calls of sessions: one session's (its page), or a page of the call logs at once; an agent room's; the signed-in user's own. */
export const callsApi = {
  ofSession: async (sessionId: string) => CallsPage.parse(await api("GET", `/api/calls?sessionId=${encodeURIComponent(sessionId)}`)).items,
  of: async (source: CallsOf) =>
    "sessionId" in source ? callsApi.ofSession(source.sessionId) : CallsPage.parse(await api("GET", `/api/calls?conversationId=${encodeURIComponent(source.conversationId)}`)).items,
  /** The calls the signed-in user placed or was on, newest first, a page at a time (`before`: the previous page's `nextCursor`). */
  mine: async (before?: string, limit = 50) =>
    CallsPage.parse(await api("GET", `/api/calls?mine=true&limit=${limit}${before === undefined ? "" : `&before=${encodeURIComponent(before)}`}`)),
  /** At most 200 session ids per request (the list's pages are 50). */
  ofSessions: async (sessionIds: readonly string[]) => CallsPage.parse(await api("GET", `/api/calls?sessionIds=${sessionIds.map(encodeURIComponent).join(",")}`)).items,
};
