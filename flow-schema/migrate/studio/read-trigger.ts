import { escapeSegment } from "../../json-pointer";
import type { ChannelKind } from "../../primitives";
import type { IssueLog } from "../issue-log";
import type { StudioFlow } from "./source-flow";

/** Where the flow starts, per channel, as the trigger says. */
export interface TriggerStarts {
  /** `incomingCall`'s widget. */
  voice?: string;
  /** `incomingMessage`'s (else `incomingConversationMessage`'s) widget. */
  chat?: string;
  /** When neither: `incomingRequest`'s or `incomingParent`'s, else `initial_state`. */
  other?: string;
  channels: ChannelKind[];
  /** Index of the trigger widget in `states`, when there is one. */
  index?: number;
  /** Another flow calls this one (`incomingParent` leads somewhere): a subflow. */
  parent?: true;
}

/**
 * Reads the trigger widget (`initial_state`, or the first widget of type trigger): calls start a
 * voice flow, messages a chat flow. The REST API and parent-flow starts are reported: Switchboard
 * starts flows on calls and messages (and subflows come with their own node).
 */
export function readTrigger(flow: StudioFlow, log: IssueLog): TriggerStarts {
  let index = flow.states.findIndex((state) => state.name === flow.initial_state && state.type === "trigger");
  if (index < 0) index = flow.states.findIndex((state) => state.type === "trigger");
  const trigger = flow.states[index];
  if (trigger === undefined) {
    const exists = flow.states.some((state) => state.name === flow.initial_state);
    if (!exists) log.error(`initial_state "${flow.initial_state}" names no widget; the flow starts at the first one`, { path: "/initial_state" });
    return { other: exists ? flow.initial_state : flow.states[0]?.name, channels: [] };
  }
  const next = (event: string) => trigger.transitions.find((transition) => transition.event === event && transition.next !== undefined)?.next;
  const at = (event: string) => `/states/${index}/transitions/${trigger.transitions.findIndex((transition) => transition.event === event)}`;
  const voice = next("incomingCall");
  const message = next("incomingMessage");
  const conversation = next("incomingConversationMessage");
  const chat = message ?? conversation;
  if (message !== undefined && conversation !== undefined && message !== conversation) {
    log.error(`incomingConversationMessage leads to "${conversation}", but chats start where incomingMessage leads ("${message}")`, { path: at("incomingConversationMessage") });
  }
  const request = next("incomingRequest");
  const parent = next("incomingParent");
  if (request !== undefined) {
    log.warn(`the REST API start (incomingRequest → "${request}") is not carried over: Switchboard starts flows on calls and messages${voice ?? chat ? "" : `; this flow starts at "${request}"`}; {{flow.data.x}} reads vars.x`, { path: at("incomingRequest") });
  }
  if (parent !== undefined) {
    log.warn(
      `another flow calls this one (incomingParent → "${parent}"): the {{flow.data.x}} it reads are its inputs, and where Studio stops it returns (a return node, outcome "completed")`,
      { path: at("incomingParent") },
    );
  }
  const channels: ChannelKind[] = [];
  if (voice !== undefined) channels.push("voice");
  if (chat !== undefined) channels.push("chat");
  for (const key of Object.keys(trigger.properties)) {
    if (key !== "offset") log.warn(`trigger property ${key} has no Switchboard equivalent; it is not carried over`, { path: `/states/${index}/properties/${escapeSegment(key)}` });
  }
  return {
    ...(voice === undefined ? {} : { voice }),
    ...(chat === undefined ? {} : { chat }),
    ...(voice ?? chat ? {} : { other: parent ?? request }),
    ...(parent === undefined ? {} : { parent: true }),
    channels,
    index,
  };
}
