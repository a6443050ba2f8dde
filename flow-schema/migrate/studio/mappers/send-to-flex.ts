import type { WidgetMapper } from "../widget-mapper";
import { queueTransfer } from "./queue-transfer";

/** send-to-flex → a transfer to the team named after its TaskRouter `workflow`. */
export const sendToFlexMapper: WidgetMapper = {
  map: ({ properties }) => queueTransfer(properties, "send-to-flex", "workflow"),
};
