import type { FlowJson } from "../runtime/test-support/example-flows";

const at = { x: 0, y: 0 };

/** The id of the sip-calls bench's flow. */
export const SIP_LINE_FLOW_ID = "bench-sip-line";

/**
 * The phone line bench/sip-calls.bench.ts calls through a SIP trunk: a greeting, a menu (1: sales,
 * 2: support; 10 s to choose), and a hang-up that says goodbye, so the IVR sends the BYE. Prompts
 * are text, spoken by espeak-ng into the TTS cache (once per text; then frames from the frame cache).
 */
export function sipLineFlow(): FlowJson {
  return {
    schemaVersion: 1,
    id: SIP_LINE_FLOW_ID,
    name: "SIP line (bench)",
    entry: "welcome",
    nodes: [
      { id: "welcome", type: "greeting", position: at, data: { prompt: { text: "Thank you for calling Acme." }, interruptible: true } },
      {
        id: "main",
        type: "menu",
        position: at,
        data: {
          prompt: { text: "For sales, press 1. For support, press 2." },
          options: [
            { key: "1", label: "Sales" },
            { key: "2", label: "Support" },
          ],
          timeoutSeconds: 10,
          maxRetries: 1,
        },
      },
      { id: "sales", type: "hangup", position: at, data: { prompt: { text: "Sales will call you back. Goodbye." } } },
      { id: "support", type: "hangup", position: at, data: { prompt: { text: "Support will call you back. Goodbye." } } },
      { id: "nothing", type: "hangup", position: at, data: { prompt: { text: "We did not hear a choice. Goodbye." } } },
    ],
    edges: [
      { id: "e1", source: "welcome", sourceHandle: "next", target: "main" },
      { id: "e2", source: "main", sourceHandle: "option:1", target: "sales" },
      { id: "e3", source: "main", sourceHandle: "option:2", target: "support" },
      { id: "e4", source: "main", sourceHandle: "timeout", target: "nothing" },
      { id: "e5", source: "main", sourceHandle: "max_retries", target: "nothing" },
    ],
    variables: {},
    settings: { language: "en-US", channels: ["voice"] },
  };
}
