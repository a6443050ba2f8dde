import { toIdentifier } from "../../whatomate/unique-ids";
import { placeholderWidget } from "../placeholder-widget";
import type { WidgetMapper } from "../widget-mapper";
import { eventTable } from "../widget-mapper";

/**
 * connect-call-to: to a Twilio Client identity (`noun: client`, an agent's softphone) → a transfer to
 * the team named after it, reported; to a number, several numbers, a SIM, a SIP address or a
 * conference → a placeholder for the dial node. `callCompleted` → completed; `hangup` is dropped.
 */
export const connectCallToMapper: WidgetMapper = {
  map: ({ state, properties }) => {
    const noun = (properties.string("noun") ?? "number").trim();
    const to = properties.string("to")?.trim() ?? "";
    if (noun !== "client") {
      for (const key of Object.keys(state.properties)) properties.raw(key);
      return placeholderWidget(state, `connecting to a ${noun} (${to || "no address"}) needs a dial node, which Switchboard does not have yet`, "dial");
    }
    const teamId = toIdentifier(to.replace(/^client:/, ""), "support");
    properties.warn(`the call went to the Twilio Client "${to}"; it becomes a transfer to team "${teamId}": create that team with the agent in it`, "to");
    for (const key of ["caller_id", "record", "sip_endpoint", "sip_username", "sip_password"]) {
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
