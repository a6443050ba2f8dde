import { z } from "zod";
import { Diagnostic } from "../../../flow-schema/validate/diagnostic";
import { api } from "../api/api-client";

/** What the flows list shows of each flow (GET /api/flows). */
export const FlowSummary = z.object({
  id: z.string(),
  name: z.string(),
  revision: z.number(),
  publishedVersion: z.number().nullable(),
  status: z.enum(["unpublished", "published", "changed"]),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type FlowSummary = z.infer<typeof FlowSummary>;

export const FlowDetail = FlowSummary.extend({
  document: z.record(z.string(), z.unknown()),
  diagnostics: z.array(Diagnostic),
});
export type FlowDetail = z.infer<typeof FlowDetail>;

export const ImportPreview = z.object({
  document: z.record(z.string(), z.unknown()),
  diagnostics: z.array(Diagnostic),
  issues: z.array(z.object({ severity: z.enum(["warning", "error"]), message: z.string(), nodeId: z.string().optional(), path: z.string().optional() })),
  exists: z.boolean(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const flowsApi = {
  list: async () => z.array(FlowSummary).parse(await api("GET", "/api/flows")),
  get: async (id: string) => FlowDetail.parse(await api("GET", `/api/flows/${encodeURIComponent(id)}`)),
  create: async (document: unknown) => FlowDetail.parse(await api("POST", "/api/flows", document)),
  save: async (id: string, document: unknown, baseRevision: number) =>
    FlowDetail.parse(await api("PUT", `/api/flows/${encodeURIComponent(id)}`, { document, baseRevision })),
  remove: async (id: string) => {
    await api("DELETE", `/api/flows/${encodeURIComponent(id)}`);
  },
  previewImport: async (document: unknown) => ImportPreview.parse(await api("POST", "/api/flows/import?dryRun=true", document)),
  import: async (document: unknown, replace: boolean) => FlowDetail.parse(await api("POST", `/api/flows/import${replace ? "?replace=true" : ""}`, document)),
  exportUrl: (id: string) => `/api/flows/${encodeURIComponent(id)}/export`,
};
