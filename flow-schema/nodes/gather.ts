import { z } from "zod";
import { Prompt, promptChannels, promptTemplates } from "../prompt";
import { Seconds, VariableName } from "../primitives";
import { MenuInput } from "./menu";
import { defineNode, retryFallbackOptional, truncate, noProblems } from "./node-definition";

export const GatherData = z
  .strictObject({
    prompt: Prompt,
    minDigits: z.number().int().min(1).max(64).default(1),
    maxDigits: z.number().int().min(1).max(64).default(10),
    terminator: z.enum(["#", "*", ""]).default("#").describe("Key that ends the input early; empty for none"),
    input: MenuInput.optional().describe("On voice: keys (dtmf, the default), spoken digits (speech), or either (both)"),
    timeoutSeconds: Seconds(1, 60, 10),
    maxRetries: z.number().int().min(0).max(10).default(3),
    pattern: z.string().min(1).max(500).optional().describe("Regular expression (RE2 syntax: no lookaround or backreferences) the whole input must match"),
    storeAs: VariableName.describe("Variable that receives the digits: vars.<storeAs>"),
    invalidPrompt: Prompt.optional(),
    noInputPrompt: Prompt.optional(),
  })
  .superRefine((data, ctx) => {
    if (data.minDigits > data.maxDigits) {
      ctx.addIssue({ code: "custom", message: "minDigits is more than maxDigits", path: ["minDigits"] });
    }
  });
export type GatherData = z.infer<typeof GatherData>;

export const gatherNode = defineNode({
  type: "gather",
  title: "Gather digits",
  description: "Collect a number (account, PIN, date) and store it in a variable.",
  data: GatherData,
  starter: () => ({ prompt: { text: "Please enter your account number, then press hash." }, storeAs: "account_number" }),
  outputs: () => [
    { id: "next", label: "Next" },
    { id: "timeout", label: "No input" },
    { id: "max_retries", label: "Too many tries" },
  ],
  terminal: false,
  waitsForInput: true,
  channels: (data) => promptChannels(data.prompt, data.invalidPrompt, data.noInputPrompt),
  templates: (data) => [
    ...promptTemplates(data.prompt).map((template) => ({ pointer: "/prompt/text", template })),
    ...promptTemplates(data.invalidPrompt).map((template) => ({ pointer: "/invalidPrompt/text", template })),
    ...promptTemplates(data.noInputPrompt).map((template) => ({ pointer: "/noInputPrompt/text", template })),
  ],
  writes: (data) => [data.storeAs],
  patterns: (data) => (data.pattern === undefined ? [] : [{ pointer: "/pattern", pattern: data.pattern }]),
  optionalHandle: retryFallbackOptional,
  check: noProblems,
  summary: (data) =>
    truncate(`${data.minDigits}-${data.maxDigits} digits → vars.${data.storeAs}${data.pattern ? ` /${data.pattern}/` : ""}`),
});
