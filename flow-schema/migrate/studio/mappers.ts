import { connectCallToMapper } from "./mappers/connect-call-to";
import { enqueueCallMapper } from "./mappers/enqueue-call";
import { gatherInputOnCallMapper } from "./mappers/gather-input-on-call";
import { makeHttpRequestMapper } from "./mappers/make-http-request";
import { notYet } from "./mappers/not-yet";
import { recordCallMapper } from "./mappers/record-call";
import { recordVoicemailMapper } from "./mappers/record-voicemail";
import { runFunctionMapper } from "./mappers/run-function";
import { runSubflowMapper } from "./mappers/run-subflow";
import { sayPlayMapper } from "./mappers/say-play";
import { sendAndWaitForReplyMapper } from "./mappers/send-and-wait-for-reply";
import { sendMessageMapper } from "./mappers/send-message";
import { sendToFlexMapper } from "./mappers/send-to-flex";
import { setVariablesMapper } from "./mappers/set-variables";
import { splitBasedOnMapper } from "./mappers/split-based-on";
import type { WidgetMapper } from "./widget-mapper";

/**
 * Studio widget type → its mapper. `trigger` is the flow's start (the importer reads it); a type
 * not listed becomes a placeholder that names no node.
 */
export const studioMappers: ReadonlyMap<string, WidgetMapper> = new Map([
  ["say-play", sayPlayMapper],
  ["gather-input-on-call", gatherInputOnCallMapper],
  ["split-based-on", splitBasedOnMapper],
  ["set-variables", setVariablesMapper],
  ["make-http-request", makeHttpRequestMapper],
  ["run-function", runFunctionMapper],
  ["send-and-wait-for-reply", sendAndWaitForReplyMapper],
  ["connect-call-to", connectCallToMapper],
  ["enqueue-call", enqueueCallMapper],
  ["send-to-flex", sendToFlexMapper],
  ["send-message", sendMessageMapper],
  ["record-voicemail", recordVoicemailMapper],
  ["record-call", recordCallMapper],
  ["run-subflow", runSubflowMapper],
]);
