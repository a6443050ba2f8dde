import { toVariableName } from "./variable-name";

/** Whatomate's built-in template names and where Switchboard keeps the same value. */
const BUILT_INS: ReadonlyMap<string, string> = new Map([
  ["caller_phone", "caller.phone"],
  ["call_id", "call.id"],
]);

const WHATOMATE_PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface TemplateRewrite {
  text: string;
  /** Placeholders whose names had to change beyond moving under `vars.`, e.g. `{{account-no}}` → `{{vars.account_no}}`. */
  renamed: Array<{ from: string; to: string }>;
}

/**
 * Rewrites Whatomate's flat `{{name}}` placeholders to Switchboard's roots:
 * `caller_phone` → `caller.phone`, `call_id` → `call.id`, anything else → `vars.<name>`
 * (a dotted name keeps its path: `{{lookup.balance}}` → `{{vars.lookup.balance}}`).
 */
export function rewriteTemplate(text: string): TemplateRewrite {
  const renamed: TemplateRewrite["renamed"] = [];
  const rewritten = text.replace(WHATOMATE_PLACEHOLDER, (match: string, name: string) => {
    if (name === "") return match;
    const builtIn = BUILT_INS.get(name);
    if (builtIn !== undefined) return `{{${builtIn}}}`;
    const [head = "", ...rest] = name.split(".");
    const segments = [toVariableName(head), ...rest.map((segment) => segment.replace(/[^A-Za-z0-9_-]/g, "_") || "_")];
    const path = `vars.${segments.join(".")}`;
    if (segments.join(".") !== name) renamed.push({ from: name, to: path });
    return `{{${path}}}`;
  });
  return { text: rewritten, renamed };
}
