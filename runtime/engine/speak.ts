import type { Prompt } from "../../flow-schema/index";
import type { z } from "zod";
import type { Run } from "./run";

type PromptData = z.infer<typeof Prompt>;

export interface SpeakOptions {
  /** Voice: the caller may skip the prompt with a key. */
  interruptible?: boolean;
  /** Chat: menu options the message carries, for buttons or numbered text. */
  options?: ReadonlyArray<{ key: string; label: string }>;
}

/**
 * Delivers a prompt the way the channel can: a `prompt` effect on voice (text rendered, voice and
 * language falling back to the document settings), a `message` on chat (audio-only prompts are
 * skipped there, unless the message carries options).
 */
export function speak(run: Run, nodeId: string, prompt: PromptData | undefined, options: SpeakOptions = {}): void {
  const text = prompt?.text === undefined ? undefined : run.render(prompt.text);
  if (run.channel === "chat") {
    const menu = options.options?.map((option) => ({ key: option.key, label: option.label }));
    if ((text === undefined || text.trim() === "") && menu === undefined) return;
    run.emit({ type: "message", nodeId, text: text ?? "", ...(menu ? { options: menu } : {}) });
    return;
  }
  if (prompt === undefined) return;
  const voice = prompt.voice ?? run.settings?.voice;
  const language = prompt.language ?? run.settings?.language;
  run.emit({
    type: "prompt",
    nodeId,
    ...(text === undefined ? {} : { text }),
    ...(prompt.audio === undefined ? {} : { audio: prompt.audio }),
    ...(voice === undefined ? {} : { voice }),
    ...(language === undefined ? {} : { language }),
    ...(options.interruptible ? { interruptible: true } : {}),
  });
}
