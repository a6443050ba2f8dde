import { z } from "zod";
import { Prompt, promptChannels, promptTemplates } from "../prompt";
import { defineNode, everyHandleExpected, noPatterns, noWrites, truncate, noProblems } from "./node-definition";

export const HangupData = z.strictObject({
  prompt: Prompt.optional().describe("Goodbye said before the call or chat ends"),
});
export type HangupData = z.infer<typeof HangupData>;

export const hangupNode = defineNode({
  type: "hangup",
  title: "Hang up",
  description: "Say goodbye (optional) and end the call or chat.",
  data: HangupData,
  starter: () => ({ prompt: { text: "Thank you for calling. Goodbye." } }),
  outputs: () => [],
  terminal: true,
  waitsForInput: false,
  channels: (data) => promptChannels(data.prompt),
  templates: (data) => promptTemplates(data.prompt).map((template) => ({ pointer: "/prompt/text", template })),
  writes: noWrites,
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: noProblems,
  summary: (data) => truncate(data.prompt?.text ?? "end"),
});
