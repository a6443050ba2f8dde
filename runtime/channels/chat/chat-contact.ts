import type { SessionState } from "../../engine/index";

/** The address a chat session's replies go to: the contact that started it (`caller.id`, else `call.from`). */
export function chatContact(state: SessionState): string | undefined {
  return state.caller.id ?? state.call.from;
}
