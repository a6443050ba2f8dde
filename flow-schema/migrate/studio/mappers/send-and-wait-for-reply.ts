import { toVariableName } from "../../whatomate/variable-name";
import type { WidgetMapper } from "../widget-mapper";
import { widgetPrompt } from "../widget-prompt";

/** Studio's messaging properties: where to send from and through what; the session's own channel answers in Switchboard. */
const CHANNEL_KEYS = ["from", "service", "channel", "attributes", "media_url"];

/**
 * send-and-wait-for-reply → on chat, a menu or a gather (a question and its answer), as planned by
 * planReplies: a menu when the split that reads the reply compares it with fixed values (each value
 * an option, so a reply is matched the same way, and the split still routes on
 * `{{nodes.<id>.label}}`); else a gather, which reads digits in the reply. `incomingMessage` → every
 * option and max_retries (a reply that is no option reaches the split, which takes No Match), or
 * next; `timeout` → timeout; `deliveryFailure` is dropped (reported). `timeout` in seconds is at
 * most 60 in Switchboard.
 */
export const sendAndWaitForReplyMapper: WidgetMapper = {
  map: ({ state, properties, reply }) => {
    const prompt = widgetPrompt(properties, "body");
    for (const key of CHANNEL_KEYS) properties.raw(key);
    const seconds = properties.integer("timeout", { min: 1, max: 100_000 });
    if (seconds !== undefined && seconds > 60) {
      properties.warn(`timeout ${seconds} s: a Switchboard question waits at most 60 s before it takes No input`, "timeout");
    }
    const timeoutSeconds = seconds === undefined ? 60 : Math.min(60, seconds);
    const dropped = (event: string) => ({
      reason:
        event === "deliveryFailure"
          ? "Switchboard has no delivery-failure outcome: a message that cannot be delivered ends the session"
          : `a send-and-wait-for-reply has no "${event}" outcome`,
    });
    if (reply?.kind === "menu") {
      const options = reply.options;
      return {
        type: "menu",
        data: { prompt, options, input: "dtmf", timeoutSeconds, maxRetries: 0 },
        handles: (transition) => {
          if (transition.event === "incomingMessage") return [...options.map((option) => `option:${option.key}`), "max_retries"];
          if (transition.event === "timeout") return ["timeout"];
          return dropped(transition.event);
        },
        mappedTo: `a menu with the replies the next split tests (${options.map((option) => option.label).join(", ")})`,
      };
    }
    properties.warn("the reply is read by a gather, which takes the digits in it: a reply in words no longer counts (a split comparing it with fixed values would have made a menu)", "body");
    return {
      type: "gather",
      data: { prompt, minDigits: 1, maxDigits: 64, terminator: "", timeoutSeconds, maxRetries: 0, storeAs: toVariableName(state.name) },
      handles: (transition) => {
        if (transition.event === "incomingMessage") return ["next", "max_retries"];
        if (transition.event === "timeout") return ["timeout"];
        return dropped(transition.event);
      },
      mappedTo: "a gather of digits",
    };
  },
};
