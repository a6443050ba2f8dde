import { z } from "zod";
import { Diagnostic } from "../../../flow-schema/validate/diagnostic";
import { api } from "../api/api-client";

/** One published version (GET /api/flows/:id/versions). */
export const FlowVersionInfo = z.object({
  number: z.number(),
  contentHash: z.string(),
  note: z.string().nullable(),
  author: z.string(),
  createdAt: z.string(),
  live: z.boolean(),
});
export type FlowVersionInfo = z.infer<typeof FlowVersionInfo>;

export const FlowVersionDetail = FlowVersionInfo.extend({ document: z.record(z.string(), z.unknown()) });
export type FlowVersionDetail = z.infer<typeof FlowVersionDetail>;

export const RollbackResult = z.object({ version: FlowVersionInfo, revision: z.number() });
export type RollbackResult = z.infer<typeof RollbackResult>;

const Team = z.object({ id: z.string() });

/** The details of a 422 flow_invalid answer. */
export const InvalidFlowDetails = z.object({ diagnostics: z.array(Diagnostic) });
/** The details of a 409 answer to a stale baseRevision. */
export const ConflictDetails = z.object({ currentRevision: z.number() });

const flowPath = (id: string) => `/api/flows/${encodeURIComponent(id)}`;

export const versionsApi = {
  list: async (flowId: string) => z.array(FlowVersionInfo).parse(await api("GET", `${flowPath(flowId)}/versions`)),
  get: async (flowId: string, n: number) => FlowVersionDetail.parse(await api("GET", `${flowPath(flowId)}/versions/${n}`)),
  publish: async (flowId: string, note: string, baseRevision?: number) =>
    FlowVersionInfo.parse(await api("POST", `${flowPath(flowId)}/publish`, { ...(note === "" ? {} : { note }), ...(baseRevision === undefined ? {} : { baseRevision }) })),
  rollback: async (flowId: string, version: number) => RollbackResult.parse(await api("POST", `${flowPath(flowId)}/rollback`, { version })),
  teamIds: async () => z.array(Team).parse(await api("GET", "/api/teams")).map((team) => team.id),
};
