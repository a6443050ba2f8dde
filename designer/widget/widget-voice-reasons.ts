/** Who ended a call, as the server says it (`ended.hungUpBy`); the widget's own ends are the caller's or the system's. */
export type HungUpBy = "caller" | "agent" | "system";

/** Reasons the widget gives itself, next to the server's (`ended.reason`, `error.code`). */
export type WidgetEndReason =
  | "microphone_denied"
  | "microphone_missing"
  | "microphone_busy"
  | "microphone_unavailable"
  | "unreachable"
  | "unavailable"
  | "connection_lost"
  | "setup_timeout"
  | "cancelled";

const AGAIN = "Press Call to try again.";

/** Why a call ended, in the visitor's words (the status line and `ended.message`). */
const TEXT: Record<string, string> = {
  microphone_denied: "Your browser did not allow the microphone, so no call was placed. Allow the microphone for this site, then press Call again.",
  microphone_missing: "No microphone was found, so no call was placed. Connect one, then press Call again.",
  microphone_busy: "Your microphone could not be opened (another app may be using it), so no call was placed.",
  microphone_unavailable: "This page cannot use a microphone (calls need a secure https page).",
  unreachable: `Could not reach the call service. ${AGAIN}`,
  unavailable: "Calls are switched off right now.",
  connection_lost: "The connection to the call service dropped, so the call ended (a call cannot resume). Press Call to call again.",
  setup_timeout: `The call could not be set up in time. ${AGAIN}`,
  cancelled: "Call cancelled.",
  // The server's ends (`ended.reason`).
  hangup_node: "The call has ended.",
  transfer_handoff: "The call has ended.",
  node_missing: "Sorry, this line is not available right now.",
  goto_target_missing: "Sorry, this line is not available right now.",
  ice_timeout: `The call could not connect: no network path to the call service (a firewall may block it). ${AGAIN}`,
  ice_failed: `The call's connection failed. ${AGAIN}`,
  transport_failed: "The call's connection was lost, so the call ended.",
  peer_gone: "The call's connection was lost, so the call ended.",
  no_rtp: "No audio reached us for a while, so the call ended.",
  media_process_exit: "The call service restarted, so the call ended.",
  shutdown: "The call service restarted, so the call ended.",
  // The server's refusals (`error.code`).
  invalid_sdp: `Your browser could not set up the call's audio. ${AGAIN}`,
  no_audio: `Your browser offered no audio for the call. ${AGAIN}`,
  no_common_codec: "Your browser and the call service share no audio format, so the call cannot be placed.",
  call_failed: "The call could not be started. Please try again later.",
  internal: "The call could not be started. Please try again later.",
  rate_limited: `Too many requests from this page. ${AGAIN}`,
};

/**
 * The visitor's sentence for an end: a known reason's, else by who ended it. `serverMessage`:
 * the server's own words, read for the wait it names (`try again in 42 s`).
 */
export function endedText(reason: string, hungUpBy: HungUpBy, serverMessage?: string): string {
  if (reason === "too_many_calls") {
    const seconds = /(\d+) s\b/.exec(serverMessage ?? "")?.[1];
    return `Too many calls came from your network lately. Please try again${seconds === undefined ? " later" : ` in ${seconds} seconds`}.`;
  }
  if (reason === "hangup" || reason === "caller_hangup") return hungUpBy === "agent" ? "The agent ended the call." : hungUpBy === "caller" ? "You hung up." : "The call has ended.";
  const known = TEXT[reason];
  if (known !== undefined) return known;
  if (hungUpBy === "caller") return "You hung up.";
  if (hungUpBy === "agent") return "The agent ended the call.";
  return "The call has ended.";
}
