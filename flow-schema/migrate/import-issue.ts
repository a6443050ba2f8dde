import { z } from "zod";

/** Something an import or migration could not carry over exactly. */
export const ImportIssue = z.object({
  severity: z.enum(["warning", "error"]).describe("error: behaviour was lost; warning: check or replace what was guessed"),
  message: z.string(),
  nodeId: z.string().optional().describe("Id of the node in the produced document"),
  path: z.string().optional().describe("JSON pointer into the source document"),
});
export type ImportIssue = z.infer<typeof ImportIssue>;
