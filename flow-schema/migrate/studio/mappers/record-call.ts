import { placeholderWidget } from "../placeholder-widget";
import type { WidgetMapper } from "../widget-mapper";

/**
 * record-call starts or stops recording the whole call in the background (`record_call`,
 * `recording_channels`, `trim`, `recording_status_callback`): not a voicemail, which is what the
 * record node takes. No node records a call in the background, so it stays a placeholder that names
 * no node, saying so; its events stay handles.
 */
export const recordCallMapper: WidgetMapper = {
  map: ({ state, properties }) => {
    for (const key of Object.keys(state.properties)) properties.raw(key); // kept whole in the placeholder
    return placeholderWidget(state, "record-call records the whole call in the background; a record node takes a voicemail instead, and no node records a call: remove it, or use a record node where a message is left");
  },
};
