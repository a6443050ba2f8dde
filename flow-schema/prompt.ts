import { z } from "zod";
import { LanguageTag, Template } from "./primitives";

/**
 * What a node says: text (a template, spoken by TTS on voice and sent as text on chat)
 * and/or a recorded audio asset id. At least one of the two is needed.
 */
export const Prompt = z
  .strictObject({
    text: Template.optional().describe("Text to speak or send; may use {{templates}}"),
    audio: z.string().min(1).max(200).optional().describe("Id of an audio asset to play on voice channels"),
    voice: z.string().min(1).max(100).optional().describe("TTS voice, e.g. a Piper voice id or Polly.Joanna"),
    language: LanguageTag.optional(),
  })
  .refine((p) => (p.text !== undefined && p.text.trim() !== "") || p.audio !== undefined, {
    message: "a prompt needs text or audio",
    path: ["text"],
  });
export type Prompt = z.infer<typeof Prompt>;

/** The channels every given prompt can be delivered on: audio alone cannot be read in a chat. */
export function promptChannels(...prompts: Array<Prompt | undefined>): Array<"voice" | "chat"> {
  const audioOnly = prompts.some((prompt) => prompt !== undefined && (prompt.text === undefined || prompt.text.trim() === ""));
  return audioOnly ? ["voice"] : ["voice", "chat"];
}

/** Templates a prompt reads. */
export function promptTemplates(prompt: Prompt | undefined): string[] {
  return prompt?.text !== undefined ? [prompt.text] : [];
}
