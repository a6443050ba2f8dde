import { z } from "zod";
import { SessionRecordingView } from "../../../runtime/calls/session-recording-view";
import { InsightsView } from "../../../runtime/rooms/insights-view";
import { FlowDocument } from "../../../flow-schema/document";
import { api } from "../api/api-client";

export const SessionStatus = z.enum(["active", "waiting", "ended"]);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** One row of the call logs (GET /api/sessions). */
export const SessionSummary = z.object({
  id: z.string(),
  flowId: z.string(),
  version: z.number().int().nullable(),
  source: z.enum(["published", "draft"]),
  channelType: z.string(),
  channelId: z.string().nullable(),
  contact: z.string().nullable(),
  status: SessionStatus,
  stepCount: z.number().int(),
  endReason: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** One node visited or decided: `outcome` is the handle taken, or waiting / invalid / no_input / goto / ended. */
export const SessionStep = z.object({
  seq: z.number().int(),
  flowId: z.string(),
  version: z.number().int().nullable(),
  nodeId: z.string(),
  nodeType: z.string(),
  outcome: z.string().nullable(),
  input: z.string().nullable(),
  at: z.string(),
});
export type SessionStep = z.infer<typeof SessionStep>;

export const SessionDetail = SessionSummary.extend({ state: z.unknown(), steps: z.array(SessionStep), insights: InsightsView.nullable().default(null), recordings: z.array(SessionRecordingView).default([]) });
export type SessionDetail = z.infer<typeof SessionDetail>;

export const SessionsPage = z.object({ items: z.array(SessionSummary), nextCursor: z.string().nullable() });
export type SessionsPage = z.infer<typeof SessionsPage>;

const WithDocument = z.object({ document: FlowDocument });

/** The call-log calls: a page of sessions, one session, and the flow document a session ran on. */
export const sessionsApi = {
  /** `query` is the query string without `?` (see `apiQuery`). */
  list: async (query: string) => SessionsPage.parse(await api("GET", `/api/sessions${query === "" ? "" : `?${query}`}`)),
  get: async (id: string) => SessionDetail.parse(await api("GET", `/api/sessions/${encodeURIComponent(id)}`)),
  /** A published version's document, or the current draft when `version` is null. */
  document: async (flowId: string, version: number | null) => {
    const path = version === null ? `/api/flows/${encodeURIComponent(flowId)}` : `/api/flows/${encodeURIComponent(flowId)}/versions/${version}`;
    return WithDocument.parse(await api("GET", path)).document;
  },
};
