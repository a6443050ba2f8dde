import { MenuData, MenuKey, type MenuOption } from "../../nodes/menu";
import type { StudioFlow, StudioState } from "./source-flow";

/** What a gather-input-on-call becomes when its keys pick among fixed choices (see planKeyMenus). */
export interface KeyMenuPlan {
  options: MenuOption[];
  /** `both` when the widget's speech transition is connected: spoken words pick the options too. */
  input: "dtmf" | "both";
  /** The split that reads the spoken answer, whose words became the options' words (no longer reached). */
  speechSplit?: string;
}

/**
 * A gather-input-on-call that reads one key, whose keypress goes to a split-based-on comparing
 * `{{widgets.NAME.Digits}}` with single keys only, is a menu: each key an option. When its speech
 * transition goes to a split comparing `{{widgets.NAME.SpeechResult}}` with words, and a words
 * rule leads where a key does, those words become that option's label and say-words, so a caller
 * may say them (the menu's speech input). Otherwise the widget stays a gather (speech dropped).
 */
export function planKeyMenus(flow: StudioFlow): Map<string, KeyMenuPlan> {
  const byName = new Map(flow.states.map((state) => [state.name, state]));
  const plans = new Map<string, KeyMenuPlan>();
  for (const state of flow.states) {
    if (state.type !== "gather-input-on-call") continue;
    const digits = Number(state.properties.number_of_digits ?? 1);
    if (digits !== 1) continue;
    const keySplit = byName.get(nextOf(state, "keypress") ?? "");
    if (keySplit?.type !== "split-based-on") continue;
    const keys = keyTargets(keySplit, state.name);
    if (keys === undefined) continue;
    const speechName = nextOf(state, "speech");
    const speechSplit = speechName === undefined ? undefined : byName.get(speechName);
    const words = speechSplit?.type === "split-based-on" ? wordTargets(speechSplit, state.name) : [];
    const worded = new Set<string | undefined>(); // a path's words go to its first key only: two options cannot share a word
    const options = keys.map(({ key, target }): MenuOption => {
      const said = worded.has(target) ? [] : words.filter((entry) => entry.target === target).flatMap((entry) => entry.words);
      worded.add(target);
      const [label, ...say] = [...new Set(said)];
      return { key, label: (label ?? `Option ${key}`).slice(0, 100), ...(say.length > 0 ? { say: say.slice(0, 20).map((word) => word.slice(0, 100)) } : {}) };
    });
    if (!MenuData.safeParse({ prompt: { text: "?" }, options }).success) continue;
    plans.set(state.name, {
      options,
      input: speechName === undefined ? "dtmf" : "both",
      ...(speechSplit?.type === "split-based-on" && words.length > 0 ? { speechSplit: speechSplit.name } : {}),
    });
  }
  return plans;
}

function nextOf(state: StudioState, event: string): string | undefined {
  const next = state.transitions.find((transition) => transition.event === event)?.next;
  return next === "" ? undefined : next;
}

function subjectOf(split: StudioState, argument: unknown): string {
  if (typeof argument === "string" && argument.trim() !== "") return argument.trim();
  return typeof split.properties.input === "string" ? split.properties.input.trim() : "";
}

function reads(subject: string, widget: string, field: string): boolean {
  return subject.replace(/\s+/g, "") === `{{widgets.${widget}.${field}}}`;
}

/** The keys the split tests, each with where it leads; undefined when a match tests anything else. */
function keyTargets(split: StudioState, widget: string): Array<{ key: MenuKey; target: string | undefined }> | undefined {
  const keys: Array<{ key: MenuKey; target: string | undefined }> = [];
  for (const transition of split.transitions) {
    if (transition.event !== "match") continue;
    const [condition, ...more] = transition.conditions ?? [];
    if (condition === undefined || more.length > 0 || !reads(subjectOf(split, condition.arguments?.[0]), widget, "Digits")) return undefined;
    const value = typeof condition.value === "string" || typeof condition.value === "number" ? String(condition.value) : "";
    const items = condition.type === "equal_to" ? [value.trim()] : condition.type === "matches_any_of" ? value.split(",").map((item) => item.trim()) : [];
    const parsed = items.map((item) => MenuKey.safeParse(item));
    if (parsed.length === 0) return undefined;
    for (const result of parsed) {
      if (!result.success) return undefined;
      if (!keys.some((entry) => entry.key === result.data)) keys.push({ key: result.data, target: transition.next });
    }
  }
  return keys.length > 0 ? keys : undefined;
}

/** The words the speech split looks for, each group with where it leads. */
function wordTargets(split: StudioState, widget: string): Array<{ words: string[]; target: string | undefined }> {
  return split.transitions.flatMap((transition) => {
    const [condition, ...more] = transition.conditions ?? [];
    if (transition.event !== "match" || condition === undefined || more.length > 0 || !reads(subjectOf(split, condition.arguments?.[0]), widget, "SpeechResult")) return [];
    const value = typeof condition.value === "string" ? condition.value : "";
    if (value.includes("{{") || !["equal_to", "contains", "starts_with", "matches_any_of"].includes(condition.type ?? "")) return [];
    const words = (condition.type === "matches_any_of" ? value.split(",") : [value]).map((word) => word.trim()).filter((word) => word !== "");
    return words.length > 0 ? [{ words, target: transition.next }] : [];
  });
}
