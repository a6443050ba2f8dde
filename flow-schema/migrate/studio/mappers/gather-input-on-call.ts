import type { WidgetMapper } from "../widget-mapper";
import { eventTable } from "../widget-mapper";
import { widgetPrompt } from "../widget-prompt";
import { toVariableName } from "../../whatomate/variable-name";

const TERMINATORS: ReadonlySet<string> = new Set(["#", "*", ""]);
/** Speech settings of a gather; they go with the speech input, which a gather does not take. */
const SPEECH_KEYS = ["speech_timeout", "speech_model", "gather_language", "hints", "profanity_filter", "enhanced", "stop_gather", "partial_result_callback"];

/**
 * gather-input-on-call → a gather of keys: `number_of_digits` → maxDigits (64 without it, like
 * Twilio's unlimited), `finish_on_key` → terminator, `timeout` → timeoutSeconds, `loop` N → N tries
 * (maxRetries N-1); the keys go to `vars.<name>` and `{{widgets.NAME.Digits}}` reads them.
 * `keypress` → next, `timeout` → timeout; `speech` is dropped (reported): the gather reads keys only.
 */
export const gatherInputOnCallMapper: WidgetMapper = {
  map: ({ state, properties }) => {
    const prompt = widgetPrompt(properties);
    const maxDigits = properties.integer("number_of_digits", { min: 1, max: 64 });
    const raw = properties.string("finish_on_key");
    let terminator: string | undefined;
    if (raw !== undefined) {
      if (TERMINATORS.has(raw.trim())) terminator = raw.trim();
      else properties.warn(`finish_on_key "${raw}" is not "#", "*" or none; "#" is used`, "finish_on_key");
    }
    const loop = properties.integer("loop", { min: 1, max: 11 });
    const speech = state.transitions.some((transition) => transition.event === "speech" && transition.next !== undefined);
    for (const key of SPEECH_KEYS) {
      if (properties.raw(key) !== undefined && speech) properties.warn(`${key} is not carried over: the gather reads keys, not speech`, key);
    }
    return {
      type: "gather",
      data: {
        prompt,
        minDigits: 1,
        maxDigits: maxDigits ?? 64,
        terminator: terminator ?? (raw === undefined ? "#" : undefined),
        timeoutSeconds: properties.integer("timeout", { min: 1, max: 60 }) ?? 5,
        maxRetries: loop === undefined ? 0 : loop - 1,
        storeAs: toVariableName(state.name),
      },
      handles: eventTable(
        "gather-input-on-call",
        { keypress: "next", timeout: "timeout" },
        { speech: "a gather reads keys only: spoken answers are not carried over (a menu with speech input can take them)" },
      ),
    };
  },
};
