import type { NodeMapper } from "../node-mapper";
import { readPrompt } from "../read-prompt";

/** hangup: an optional goodbye (audio_file / text). Ends the flow: no outcomes. */
export const hangupMapper: NodeMapper = {
  type: "hangup",
  data: (config) => {
    const prompt = readPrompt(config);
    return prompt === undefined ? {} : { prompt };
  },
  handle: () => undefined,
};
