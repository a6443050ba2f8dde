import { type FlowDocument, interpolate } from "../../../flow-schema/index";
import { type Effect, type SessionState, templateScope } from "../../engine/index";

/**
 * The question a chat session waits on, asked again as the engine asked it (the menu's or
 * gather's prompt, rendered against the session now, and a menu's options), followed by its
 * `collect` with the CURRENT wait token: buttons drawn from it are live, and nothing in the
 * session changes (no step, no retry used, the input timer keeps running). Empty when the session
 * does not wait for input at a menu or gather of `document`.
 */
export function currentPrompt(state: SessionState, document: FlowDocument): Effect[] {
  const waiting = state.waiting;
  if (state.status !== "waiting" || waiting?.kind !== "input") return [];
  const node = document.nodes.find((candidate) => candidate.id === waiting.nodeId);
  if (node === undefined || (node.type !== "menu" && node.type !== "gather")) return [];
  const template = node.data.prompt.text;
  const text = template === undefined ? "" : interpolate(template, templateScope(state));
  const base = { nodeId: node.id, token: waiting.token, input: "text" as const, timeoutSeconds: node.data.timeoutSeconds };
  if (node.type === "menu") {
    const options = node.data.options.map((option) => ({ key: option.key, label: option.label }));
    return [
      { type: "message", nodeId: node.id, text, options },
      { type: "collect", ...base, mode: "menu", maxDigits: 1, options: node.data.options.map((option) => ({ ...option, say: option.say ?? [] })) },
    ];
  }
  const { minDigits, maxDigits } = node.data;
  return [...(text.trim() === "" ? [] : [{ type: "message" as const, nodeId: node.id, text }]), { type: "collect", ...base, mode: "digits", minDigits, maxDigits }];
}
