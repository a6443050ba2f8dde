import type { WidgetMapper } from "../widget-mapper";
import { queueTransfer } from "./queue-transfer";

/** enqueue-call → a transfer to the team named after its queue (`queue_name`) or workflow (`workflow_sid`). */
export const enqueueCallMapper: WidgetMapper = {
  map: ({ properties }) => queueTransfer(properties, "enqueue-call", "workflow_sid"),
};
