import type { Prompt } from "../../../../flow-schema/prompt";

/**
 * A prompt with some fields changed, in the schema's field order. Text is kept even when empty
 * (so the "needs text or audio" error shows at it); the optional audio, voice and language are
 * left out when empty.
 */
export function promptWith(prompt: Prompt, patch: Partial<Record<keyof Prompt, string>>): Prompt {
  const merged = { ...prompt, ...patch };
  const next: Prompt = {};
  if (merged.text !== undefined && (merged.text !== "" || merged.audio === undefined || merged.audio === "")) next.text = merged.text;
  if (merged.audio) next.audio = merged.audio;
  if (merged.voice) next.voice = merged.voice;
  if (merged.language) next.language = merged.language;
  return next;
}

/** What a TTS preview reads: placeholders become their last words ({{vars.account_number}} → "account number"). */
export function previewText(text: string): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_match, path: string) => (path.split(".").pop() ?? "").replace(/_/g, " "));
}
