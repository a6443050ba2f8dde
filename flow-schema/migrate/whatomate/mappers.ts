import { gatherMapper } from "./mappers/gather";
import { gotoFlowMapper } from "./mappers/goto-flow";
import { greetingMapper } from "./mappers/greeting";
import { hangupMapper } from "./mappers/hangup";
import { httpCallbackMapper } from "./mappers/http-callback";
import { menuMapper } from "./mappers/menu";
import { timingMapper } from "./mappers/timing";
import { transferMapper } from "./mappers/transfer";
import type { NodeMapper } from "./node-mapper";

/** Whatomate node type → its mapper. A type not listed is reported and replaced by a hang-up. */
export const whatomateMappers: ReadonlyMap<string, NodeMapper> = new Map([
  ["greeting", greetingMapper],
  ["menu", menuMapper],
  ["gather", gatherMapper],
  ["http_callback", httpCallbackMapper],
  ["transfer", transferMapper],
  ["goto_flow", gotoFlowMapper],
  ["timing", timingMapper],
  ["hangup", hangupMapper],
]);
