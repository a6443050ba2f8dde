import type { FlowJson } from "../../../test-support/example-flows";

const at = { x: 0, y: 0 };

/**
 * A small voice flow for the media plane's tests: an interruptible greeting, a menu (1: an agent
 * of `support`, 2: a four-digit account number), a gather, hang-ups that say why.
 */
export function voiceDeskFlow(id = "voice-desk", options: { menuTimeoutSeconds?: number; transferTimeoutSeconds?: number } = {}): FlowJson {
  return {
    schemaVersion: 1,
    id,
    name: "Voice desk",
    entry: "welcome",
    nodes: [
      { id: "welcome", type: "greeting", position: at, data: { prompt: { text: "Welcome to the voice desk." }, interruptible: true } },
      {
        id: "main",
        type: "menu",
        position: at,
        data: {
          prompt: { text: "Press 1 to talk to an agent. Press 2 to enter your account number." },
          options: [
            { key: "1", label: "Agent" },
            { key: "2", label: "Account" },
          ],
          timeoutSeconds: options.menuTimeoutSeconds ?? 5,
          maxRetries: 1,
        },
      },
      { id: "to_agent", type: "transfer", position: at, data: { teamId: "support", timeoutSeconds: options.transferTimeoutSeconds ?? 60 } },
      {
        id: "account",
        type: "gather",
        position: at,
        data: { prompt: { text: "Enter your four digit account number, then press pound." }, minDigits: 4, maxDigits: 4, terminator: "#", storeAs: "account", timeoutSeconds: 5, maxRetries: 1 },
      },
      { id: "thanks", type: "hangup", position: at, data: { prompt: { text: "Thank you. Your account is {{vars.account}}. Goodbye." } } },
      { id: "after", type: "hangup", position: at, data: { prompt: { text: "Thanks for talking with us. Goodbye." } } },
      { id: "busy", type: "hangup", position: at, data: { prompt: { text: "Nobody is free right now. Goodbye." } } },
      { id: "nothing", type: "hangup", position: at, data: { prompt: { text: "We did not hear a choice. Goodbye." } } },
    ],
    edges: [
      { id: "e1", source: "welcome", sourceHandle: "next", target: "main" },
      { id: "e2", source: "main", sourceHandle: "option:1", target: "to_agent" },
      { id: "e3", source: "main", sourceHandle: "option:2", target: "account" },
      { id: "e4", source: "main", sourceHandle: "timeout", target: "nothing" },
      { id: "e5", source: "main", sourceHandle: "max_retries", target: "nothing" },
      { id: "e6", source: "to_agent", sourceHandle: "completed", target: "after" },
      { id: "e7", source: "to_agent", sourceHandle: "no_answer", target: "busy" },
      { id: "e8", source: "account", sourceHandle: "next", target: "thanks" },
      { id: "e9", source: "account", sourceHandle: "timeout", target: "nothing" },
      { id: "e10", source: "account", sourceHandle: "max_retries", target: "nothing" },
    ],
    variables: { account: "" },
    settings: { language: "en-US", channels: ["voice"] },
  };
}
