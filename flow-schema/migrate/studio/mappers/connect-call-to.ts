import { toIdentifier } from "../../whatomate/unique-ids";
import { placeholderWidget } from "../placeholder-widget";
import type { WidgetInput, WidgetMapper, MappedWidget } from "../widget-mapper";
import { eventTable } from "../widget-mapper";

/** Studio's connect-call-to ends in `callCompleted` whatever became of the dialled call: every dial outcome goes there. */
const AFTER_THE_CALL = ["completed", "busy", "no_answer", "failed"];

/** A number or SIP address → a dial node with Studio's caller_id, timeout, time_limit and record. */
function dial({ state, properties }: WidgetInput, noun: "number" | "sip"): MappedWidget {
  // A SIP address is Studio's `sip_endpoint` (older exports put it in `to`).
  const endpoint = noun === "sip" ? properties.liquid("sip_endpoint") : undefined;
  const to = endpoint ?? properties.liquid("to") ?? "";
  if (to === "") {
    for (const key of Object.keys(state.properties)) properties.raw(key);
    return placeholderWidget(state, `connecting to a ${noun} needs the address to dial, and this widget has none`, "dial");
  }
  for (const key of ["sip_username", "sip_password"]) {
    const value = properties.raw(key);
    if (value !== undefined && value !== "") properties.warn(`${key} is not carried over: a dial goes out with the SIP trunk's own credentials`, key);
  }
  const callerId = properties.liquid("caller_id");
  const timeoutSeconds = properties.integer("timeout", { min: 5, max: 600 });
  const timeLimitSeconds = properties.integer("time_limit", { min: 1, max: 14_400 });
  const record = properties.boolean("record");
  return {
    type: "dial",
    data: {
      to: noun === "sip" && !/^sips?:/i.test(to) ? `sip:${to}` : to,
      ...(callerId === undefined ? {} : { callerId }),
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      ...(timeLimitSeconds === undefined ? {} : { timeLimitSeconds }),
      ...(record === undefined ? {} : { record }),
    },
    handles: (transition) => (transition.event === "callCompleted" ? AFTER_THE_CALL : { reason: transition.event === "hangup" ? "a caller who hangs up ends the session in Switchboard" : `a connect-call-to has no "${transition.event}" outcome in Switchboard` }),
  };
}

/**
 * connect-call-to: to a Twilio Client identity (`noun: client`, an agent's softphone) → a transfer to
 * the team named after it, reported; to a number or a SIP address → a dial node (`callCompleted`
 * follows each of its outcomes, as Studio goes on whatever the dialled call did); to several
 * numbers, a SIM or a conference → a placeholder for the dial node. `hangup` is dropped.
 */
export const connectCallToMapper: WidgetMapper = {
  map: (input) => {
    const { state, properties } = input;
    const noun = (properties.string("noun") ?? "number").trim();
    const to = properties.string("to")?.trim() ?? "";
    if (noun === "number" || noun === "sip") return dial(input, noun);
    if (noun !== "client") {
      for (const key of Object.keys(state.properties)) properties.raw(key);
      return placeholderWidget(state, `connecting to a ${noun} (${to || "no address"}) needs a dial node that rings ${noun === "number-multi" ? "several numbers" : `a ${noun}`}, which Switchboard's dial node does not do yet`, "dial");
    }
    const teamId = toIdentifier(to.replace(/^client:/, ""), "support");
    properties.warn(`the call went to the Twilio Client "${to}"; it becomes a transfer to team "${teamId}": create that team with the agent in it`, "to");
    for (const key of ["caller_id", "record", "sip_endpoint", "sip_username", "sip_password", "time_limit"]) {
      const value = properties.raw(key);
      if (value !== undefined && value !== "" && value !== false && value !== "false") properties.warn(`${key} is not carried over by a team transfer`, key);
    }
    return {
      type: "transfer",
      data: { teamId, timeoutSeconds: properties.integer("timeout", { min: 5, max: 3600 }) },
      handles: eventTable("connect-call-to", { callCompleted: "completed" }, { hangup: "a caller who hangs up ends the session in Switchboard" }),
      mappedTo: `a transfer to team "${teamId}"`,
    };
  },
};
