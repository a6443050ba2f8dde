import { placeholderWidget } from "../placeholder-widget";
import type { WidgetMapper } from "../widget-mapper";

/** A widget whose Switchboard node type does not exist yet: a placeholder naming the node it will map to. */
export function notYet(mapsTo: string, what: string): WidgetMapper {
  return {
    map: ({ state, properties }) => {
      for (const key of Object.keys(state.properties)) properties.raw(key); // kept whole in the placeholder
      return placeholderWidget(state, `${what} needs a ${mapsTo} node, which Switchboard does not have yet`, mapsTo);
    },
  };
}
