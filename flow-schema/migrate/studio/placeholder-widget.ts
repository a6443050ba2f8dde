import type { StudioState } from "./source-flow";
import type { MappedWidget } from "./widget-mapper";

const OUTCOME = /^[A-Za-z0-9_:-]{1,80}$/;

/**
 * A placeholder node for a widget Switchboard cannot run yet: the widget is kept as it was, its
 * transitions' events stay handles (so their edges are kept), and the validator reports it.
 */
export function placeholderWidget(state: StudioState, reason: string, mapsTo?: string): MappedWidget {
  const outcomes = [...new Set(state.transitions.map((transition) => transition.event))].filter((event) => OUTCOME.test(event)).slice(0, 30);
  return {
    type: "placeholder",
    data: {
      source: "Twilio Studio",
      originalType: state.type.slice(0, 100),
      ...(mapsTo === undefined ? {} : { mapsTo }),
      reason: reason.slice(0, 1000),
      outcomes,
      original: JSON.parse(JSON.stringify(state)),
    },
    handles: (transition) => (outcomes.includes(transition.event) ? [transition.event] : { reason: `"${transition.event}" cannot be a handle` }),
    mappedTo: mapsTo === undefined ? "a placeholder (no Switchboard node does this)" : `a placeholder for a ${mapsTo} node`,
  };
}
