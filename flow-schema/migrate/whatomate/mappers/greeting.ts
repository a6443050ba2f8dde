import type { NodeMapper } from "../node-mapper";
import { requiredPrompt } from "../read-prompt";

/** greeting: audio_file / text → prompt; interruptible. Its only outcome is `default` → next. */
export const greetingMapper: NodeMapper = {
  type: "greeting",
  data: (config) => ({
    prompt: requiredPrompt(config),
    interruptible: config.boolean("interruptible") ?? false,
  }),
  handle: () => undefined,
};
