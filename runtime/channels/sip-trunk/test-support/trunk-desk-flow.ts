import type { FlowJson } from "../../../test-support/example-flows";

const at = { x: 0, y: 0 };

/**
 * A phone line for the SIP trunk's tests: a greeting, a menu (1: enter a four-digit account
 * number, which waits long enough for a caller to hang up while it does; 2: goodbye), a gather,
 * and hang-ups that say why.
 */
export function trunkDeskFlow(id = "trunk-desk", options: { menuTimeoutSeconds?: number; gatherTimeoutSeconds?: number } = {}): FlowJson {
  return {
    schemaVersion: 1,
    id,
    name: "Trunk desk",
    entry: "welcome",
    nodes: [
      { id: "welcome", type: "greeting", position: at, data: { prompt: { text: "Welcome to Acme." }, interruptible: true } },
      {
        id: "main",
        type: "menu",
        position: at,
        data: {
          prompt: { text: "Press 1 for your account. Press 2 to leave." },
          options: [
            { key: "1", label: "Account" },
            { key: "2", label: "Leave" },
          ],
          timeoutSeconds: options.menuTimeoutSeconds ?? 15,
          maxRetries: 1,
        },
      },
      {
        id: "account",
        type: "gather",
        position: at,
        data: { prompt: { text: "Enter your four digit account number." }, minDigits: 4, maxDigits: 4, storeAs: "account", timeoutSeconds: options.gatherTimeoutSeconds ?? 20, maxRetries: 1 },
      },
      { id: "thanks", type: "hangup", position: at, data: { prompt: { text: "Thank you. Goodbye." } } },
      { id: "leave", type: "hangup", position: at, data: { prompt: { text: "Goodbye." } } },
      { id: "nothing", type: "hangup", position: at, data: { prompt: { text: "We did not hear a choice. Goodbye." } } },
    ],
    edges: [
      { id: "e1", source: "welcome", sourceHandle: "next", target: "main" },
      { id: "e2", source: "main", sourceHandle: "option:1", target: "account" },
      { id: "e3", source: "main", sourceHandle: "option:2", target: "leave" },
      { id: "e4", source: "main", sourceHandle: "timeout", target: "nothing" },
      { id: "e5", source: "main", sourceHandle: "max_retries", target: "nothing" },
      { id: "e6", source: "account", sourceHandle: "next", target: "thanks" },
      { id: "e7", source: "account", sourceHandle: "timeout", target: "nothing" },
      { id: "e8", source: "account", sourceHandle: "max_retries", target: "nothing" },
    ],
    variables: { account: "" },
    settings: { language: "en-US", channels: ["voice"] },
  };
}
