import type { WidgetMapper } from "../widget-mapper";
import { eventTable } from "../widget-mapper";
import { widgetPrompt } from "../widget-prompt";

/**
 * say-play: `say` / `play`, voice, language → a greeting; `audioComplete` → next. With nothing after
 * it (no `next`), Studio ends the call: a hang-up with that message (in a subflow, where Studio
 * returns to the calling flow, a greeting whose next is the flow's return). `digits` (DTMF to play) and
 * `loop` above 1 are reported.
 */
export const sayPlayMapper: WidgetMapper = {
  map: ({ state, properties, calledFlow }) => {
    const digits = properties.string("digits")?.trim();
    if (digits !== undefined && digits !== "") properties.error(`digits "${digits}" (keys played into the call) are not carried over: Switchboard cannot send DTMF`, "digits");
    const loop = properties.integer("loop", { min: 0, max: 1000 });
    if (loop !== undefined && loop > 1) properties.warn(`loop ${loop}: the message is said once`, "loop");
    const last = !state.transitions.some((transition) => transition.next !== undefined && transition.next !== "");
    if (last && calledFlow !== true) return { type: "hangup", data: { prompt: widgetPrompt(properties) }, handles: () => ({ reason: "nothing follows a hang-up" }), mappedTo: "a hang-up with its message (nothing follows it)" };
    return {
      type: "greeting",
      data: { prompt: widgetPrompt(properties) },
      handles: eventTable("say-play", { audioComplete: "next" }),
    };
  },
};
