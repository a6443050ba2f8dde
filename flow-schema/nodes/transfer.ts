import { z } from "zod";
import { Template } from "../primitives";
import { bothChannels, defineNode, noPatterns, noWrites, truncate } from "./node-definition";

export const Priority = z.enum(["low", "normal", "high", "urgent"]);
export type Priority = z.infer<typeof Priority>;

export const TransferData = z.strictObject({
  teamId: z.string().min(1).max(100).describe("The agent team that receives the conversation"),
  priority: Priority.default("normal"),
  timeoutSeconds: z.number().int().min(5).max(3600).default(120).describe("How long to wait for an agent before no_answer"),
  holdAudio: z.string().min(1).max(200).optional().describe("Audio asset played to voice callers while they wait"),
  waitingMessage: Template.optional().describe("Sent to chat customers while they wait"),
});
export type TransferData = z.infer<typeof TransferData>;

export const transferNode = defineNode({
  type: "transfer",
  title: "Transfer to team",
  description: "Hand the caller or chat to an agent team; continue on no answer.",
  data: TransferData,
  starter: () => ({ teamId: "support" }),
  outputs: () => [
    { id: "completed", label: "Completed" },
    { id: "no_answer", label: "No answer" },
  ],
  terminal: false,
  waitsForInput: true,
  channels: bothChannels,
  templates: (data) => (data.waitingMessage === undefined ? [] : [{ pointer: "/waitingMessage", template: data.waitingMessage }]),
  writes: noWrites,
  patterns: noPatterns,
  // With no outgoing edges at all, the flow ends at the hand-off: that is a choice, not an oversight.
  optionalHandle: (_handle, connected) => connected.size === 0,
  check: (data, context) =>
    context.knownTeams === undefined || context.knownTeams.has(data.teamId)
      ? []
      : [{ code: "team_missing", message: `transfer names team "${data.teamId}", which does not exist`, pointer: "/teamId" }],
  summary: (data) => truncate(`team ${data.teamId} · ${data.priority} · ${data.timeoutSeconds}s`),
});
