import type { KeyMenuPlan } from "../plan-key-menus";
import type { StudioState } from "../source-flow";
import type { MappedWidget, WidgetMapper } from "../widget-mapper";
import type { WidgetProperties } from "../widget-properties";
import { eventTable } from "../widget-mapper";
import { widgetPrompt } from "../widget-prompt";
import { toVariableName } from "../../whatomate/variable-name";

const TERMINATORS: ReadonlySet<string> = new Set(["#", "*", ""]);
/** Speech settings of a gather; they go with the speech input, which a gather does not take. */
const SPEECH_KEYS = ["speech_timeout", "speech_model", "gather_language", "hints", "profanity_filter", "enhanced", "stop_gather", "partial_result_callback"];

/**
 * gather-input-on-call that reads one key to choose among fixed keys (planKeyMenus) → a menu: each
 * key an option (its spoken words from the speech split, with speech input when the speech
 * transition is connected); `keypress` → every option and max_retries (a key that is no option
 * reaches the split, which takes No Match), `speech` → the same paths (the options), `timeout` →
 * timeout; `{{widgets.NAME.Digits}}` reads `{{nodes.<id>.key}}`, `.SpeechResult` `.label`.
 * Otherwise → a gather of keys: `number_of_digits` → maxDigits (64 without it, like
 * Twilio's unlimited), `finish_on_key` → terminator, `timeout` → timeoutSeconds, `loop` N → N tries
 * (maxRetries N-1); the keys go to `vars.<name>` and `{{widgets.NAME.Digits}}` reads them.
 * `keypress` → next, `timeout` → timeout; `speech` is dropped (reported): the gather reads keys only.
 */
export const gatherInputOnCallMapper: WidgetMapper = {
  map: ({ state, properties, keyMenu }) => {
    const prompt = widgetPrompt(properties);
    if (keyMenu !== undefined) return keyMenuOf(keyMenu, prompt, state, properties);
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
    properties.raw("number_of_digits");
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

function keyMenuOf(plan: KeyMenuPlan, prompt: ReturnType<typeof widgetPrompt>, state: StudioState, properties: WidgetProperties): MappedWidget {
  for (const key of [...SPEECH_KEYS, "number_of_digits", "finish_on_key"]) properties.raw(key);
  const loop = properties.integer("loop", { min: 1, max: 11 });
  const handles = [...plan.options.map((option) => `option:${option.key}`), "max_retries"];
  if (plan.speechSplit !== undefined) {
    properties.warn(`spoken answers pick the menu's options by the words split "${plan.speechSplit}" looked for, and follow the keys' paths; "${plan.speechSplit}" is no longer reached`, "speech_timeout");
  }
  const keys = plan.options.map((option) => option.key).join(", ");
  return {
    type: "menu",
    data: { prompt, options: plan.options, input: plan.input, timeoutSeconds: properties.integer("timeout", { min: 1, max: 60 }) ?? 5, maxRetries: loop === undefined ? 0 : loop - 1 },
    handles: (transition) => {
      if (transition.event === "keypress") return handles;
      if (transition.event === "speech") return plan.speechSplit === undefined ? { reason: "spoken answers pick the menu's options and follow the keys' paths" } : [];
      if (transition.event === "timeout") return ["timeout"];
      return { reason: `a gather-input-on-call has no "${transition.event}" outcome` };
    },
    mappedTo: `a menu (keys ${keys}${plan.input === "both" ? ", or spoken" : ""}): its keys go to the same split`,
  };
}
