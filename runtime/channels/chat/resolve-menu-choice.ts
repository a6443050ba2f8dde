import { SessionState } from "../../engine/index";
import type { DriverContext } from "../channel-driver";
import { readMenuChoiceId } from "./menu-choice";

/** A tapped button mapped to the menu the session waits on now. */
export interface MenuChoice {
  key: string;
  label: string;
  token: string;
}

/**
 * Maps a button id (`m:<token>:<index>`, see menu-choice.ts) to an option key of the session's
 * CURRENT menu: the session must be waiting for input on a menu with that very wait token, and
 * the index must be one of its options. Anything else (a button of an earlier menu, a forged or
 * malformed id, a session no longer waiting) is undefined: the caller ignores it.
 */
export async function resolveMenuChoice(state: SessionState, id: string, context: DriverContext): Promise<MenuChoice | undefined> {
  const choice = readMenuChoiceId(id);
  const waiting = state.waiting;
  if (choice === undefined || state.status !== "waiting" || waiting?.kind !== "input" || waiting.token !== choice.token) return undefined;
  const { flowId, version } = state.flow;
  if (version === "draft") return undefined;
  const flow = await context.store.flows.getVersion(flowId, version);
  const node = flow?.document.nodes.find((candidate) => candidate.id === waiting.nodeId);
  if (node?.type !== "menu") return undefined;
  const option = node.data.options[choice.index];
  return option === undefined ? undefined : { key: option.key, label: option.label, token: choice.token };
}
