import { z } from "zod";
import { normalizeText } from "../normalize-text";
import { Prompt, promptChannels, promptTemplates } from "../prompt";
import { Seconds } from "../primitives";
import { defineNode, noPatterns, noWrites, retryFallbackOptional, truncate, noProblems } from "./node-definition";

export const MenuKey = z.enum(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"]);
export type MenuKey = z.infer<typeof MenuKey>;

export const MenuOption = z.strictObject({
  key: MenuKey.describe("The key to press (0-9, * or #)"),
  label: z.string().trim().min(1).max(100).describe("What the option is; also matched when said or typed"),
  say: z
    .array(z.string().trim().min(1).max(100))
    .max(20)
    .optional()
    .describe("Other words a caller may say or type for this option"),
});
export type MenuOption = z.infer<typeof MenuOption>;

export const MenuInput = z.enum(["dtmf", "speech", "both"]);

export const MenuData = z
  .strictObject({
    prompt: Prompt,
    options: z.array(MenuOption).min(1).max(12),
    input: MenuInput.default("dtmf"),
    timeoutSeconds: Seconds(1, 60, 10),
    maxRetries: z.number().int().min(0).max(10).default(3),
    invalidPrompt: Prompt.optional().describe("Said after an invalid choice, before the menu repeats"),
    noInputPrompt: Prompt.optional().describe("Said after no input, before the menu repeats"),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    const words = new Map<string, string>();
    data.options.forEach((option, index) => {
      if (seen.has(option.key)) {
        ctx.addIssue({ code: "custom", message: `key ${option.key} is used by more than one option`, path: ["options", index, "key"] });
      }
      seen.add(option.key);
      [option.label, ...(option.say ?? [])].forEach((word, wordIndex) => {
        const normal = normalizeText(word);
        const owner = words.get(normal);
        if (owner !== undefined && owner !== option.key) {
          const path = wordIndex === 0 ? ["options", index, "label"] : ["options", index, "say", wordIndex - 1];
          ctx.addIssue({ code: "custom", message: `"${word}" would match both option ${owner} and option ${option.key}`, path });
        }
        if (normal !== "") words.set(normal, option.key);
      });
    });
  });
export type MenuData = z.infer<typeof MenuData>;

export const menuNode = defineNode({
  type: "menu",
  title: "Menu",
  description: "Offer choices: press or say a key, or tap a button in chat.",
  data: MenuData,
  starter: () => ({
    prompt: { text: "Press 1 for sales, or 2 for support." },
    options: [
      { key: "1", label: "Sales" },
      { key: "2", label: "Support" },
    ],
  }),
  outputs: (data) => [
    ...data.options.map((option) => ({ id: `option:${option.key}`, label: `${option.key} · ${option.label}` })),
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
  writes: noWrites,
  patterns: noPatterns,
  optionalHandle: retryFallbackOptional,
  check: noProblems,
  summary: (data) => truncate(data.options.map((option) => `${option.key} ${option.label}`).join(" · ")),
});
