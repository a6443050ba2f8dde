import { z } from "zod";
import { Prompt, promptChannels, promptTemplates } from "../prompt";
import { defineNode, everyHandleExpected, noPatterns, noWrites, truncate, noProblems } from "./node-definition";

export const GreetingData = z.strictObject({
  prompt: Prompt,
  interruptible: z
    .boolean()
    .default(false)
    .describe("On voice, a key pressed during the prompt skips it and is passed to the next input node"),
});
export type GreetingData = z.infer<typeof GreetingData>;

export const greetingNode = defineNode({
  type: "greeting",
  title: "Greeting",
  description: "Say or play a message, then continue.",
  data: GreetingData,
  starter: () => ({ prompt: { text: "Welcome." } }),
  outputs: () => [{ id: "next", label: "Next" }],
  terminal: false,
  waitsForInput: false,
  channels: (data) => promptChannels(data.prompt),
  templates: (data) => promptTemplates(data.prompt).map((template) => ({ pointer: "/prompt/text", template })),
  writes: noWrites,
  patterns: noPatterns,
  optionalHandle: everyHandleExpected,
  check: noProblems,
  summary: (data) => truncate(data.prompt.text ?? `audio ${data.prompt.audio ?? ""}`),
});
