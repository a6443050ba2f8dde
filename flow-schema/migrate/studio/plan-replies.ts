import { MenuData } from "../../nodes/menu";
import type { StudioFlow, StudioState } from "./source-flow";
import type { ReplyPlan } from "./widget-mapper";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#"];
const SINGLE_KEY = /^[0-9*#]$/;

/**
 * Decides what each send-and-wait-for-reply becomes, before anything is mapped (templates that read
 * `{{widgets.NAME.inbound.Body}}` depend on it): a menu when its reply goes to a split-based-on whose
 * every match compares that reply with fixed values (equal_to, matches_any_of) — each value, or
 * value list, becomes an option —, else a gather.
 */
export function planReplies(flow: StudioFlow): Map<string, ReplyPlan> {
  const byName = new Map(flow.states.map((state) => [state.name, state]));
  const plans = new Map<string, ReplyPlan>();
  for (const state of flow.states) {
    if (state.type !== "send-and-wait-for-reply") continue;
    const next = state.transitions.find((transition) => transition.event === "incomingMessage")?.next;
    const split = next === undefined ? undefined : byName.get(next);
    const values = split?.type === "split-based-on" ? fixedReplies(split, state.name) : undefined;
    plans.set(state.name, values === undefined ? { kind: "gather" } : menuPlan(values) ?? { kind: "gather" });
  }
  return plans;
}

/** The value lists the split compares the reply with, one per match transition; undefined when any match does something else. */
function fixedReplies(split: StudioState, widget: string): string[][] | undefined {
  const reply = new RegExp(`^\\{\\{\\s*widgets\\.${widget.replace(/[^A-Za-z0-9_]/g, "\\$&")}\\.inbound\\.Body\\s*\\}\\}$`);
  const input = typeof split.properties.input === "string" ? split.properties.input.trim() : "";
  const lists: string[][] = [];
  for (const transition of split.transitions) {
    if (transition.event !== "match") continue;
    const [condition, ...more] = transition.conditions ?? [];
    if (condition === undefined || more.length > 0) return undefined;
    const argument = condition.arguments?.[0];
    const subject = typeof argument === "string" && argument.trim() !== "" ? argument.trim() : input;
    const value = typeof condition.value === "string" || typeof condition.value === "number" ? String(condition.value) : "";
    if (!reply.test(subject) || value.includes("{{") || value.includes("{%")) return undefined;
    if (condition.type === "equal_to" && value.trim() !== "") lists.push([value.trim()]);
    else if (condition.type === "matches_any_of") lists.push(value.split(",").map((item) => item.trim()).filter((item) => item !== ""));
    else return undefined;
  }
  return lists.length > 0 && lists.every((list) => list.length > 0) ? lists : undefined;
}

function menuPlan(lists: string[][]): ReplyPlan | undefined {
  if (lists.length > KEYS.length) return undefined;
  const labels = lists.map((list) => list[0] ?? "");
  const ownKeys = labels.every((label) => SINGLE_KEY.test(label)) && new Set(labels).size === labels.length;
  const options = lists.map(([label = "", ...say], index) => ({
    key: ownKeys ? label : (KEYS[index] ?? ""),
    label: label.slice(0, 100),
    ...(say.length > 0 ? { say: say.slice(0, 20).map((word) => word.slice(0, 100)) } : {}),
  }));
  return MenuData.safeParse({ prompt: { text: "?" }, options }).success ? { kind: "menu", options } : undefined;
}
