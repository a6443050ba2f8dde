import type { ConfigReader } from "./config-reader";

/** Config keys that may carry a node's text, in order of preference. */
export const TEXT_KEYS = ["text", "tts_text", "message", "prompt"] as const;

export interface PromptParts {
  text?: string;
  audio?: string;
}

/** The prompt of a node: `audio_file` becomes the audio id, the first text key the text. Undefined when there is neither. */
export function readPrompt(config: ConfigReader): PromptParts | undefined {
  const prompt: PromptParts = {};
  const audio = config.string("audio_file")?.trim();
  if (audio !== undefined && audio !== "") prompt.audio = audio;
  const text = config.firstText(TEXT_KEYS);
  if (text !== undefined) prompt.text = config.rewrite(text.text, text.key);
  return prompt.audio === undefined && prompt.text === undefined ? undefined : prompt;
}

/** Like readPrompt, but a node that must speak and has nothing to say gets its label as text, reported. */
export function requiredPrompt(config: ConfigReader): PromptParts {
  const prompt = readPrompt(config);
  if (prompt !== undefined) return prompt;
  config.warn(`has neither audio_file nor text; its label "${config.owner.name}" is used as the prompt text, replace it`, "audio_file");
  return { text: config.owner.name };
}
