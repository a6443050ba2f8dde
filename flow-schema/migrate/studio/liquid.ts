import { toVariableName } from "../whatomate/variable-name";
import type { WidgetRefs } from "./widget-refs";

export interface LiquidRewrite {
  text: string;
  /** Liquid kept as it was: filters, tags, and paths Switchboard has no value for. */
  verbatim: Array<{ liquid: string; why: string }>;
  /** Variables given from outside the flow that the text reads (`last_message`, `flow.data` names): the document declares them. */
  inputs: string[];
}

/** `{{ … }}` and `{% … %}`, the two kinds of Liquid markup. */
const MARKUP = /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*$/;

/** Studio trigger and contact values, and the Switchboard value that holds the same. */
const FIXED: ReadonlyMap<string, string> = new Map([
  ["trigger.call.From", "caller.phone"],
  ["trigger.call.Caller", "caller.phone"],
  ["trigger.call.CallerName", "caller.name"],
  ["trigger.call.To", "call.to"],
  ["trigger.call.Called", "call.to"],
  ["trigger.call.CallSid", "call.id"],
  ["trigger.message.From", "caller.phone"],
  ["trigger.message.To", "call.to"],
  ["trigger.message.Body", "vars.last_message"],
  ["trigger.conversation.From", "caller.phone"],
  ["trigger.conversation.Body", "vars.last_message"],
  ["contact.channel.address", "caller.phone"],
  ["flow.channel.address", "call.to"],
  ["flow.flow_sid", "flow.id"],
  ["flow.sid", "flow.id"],
]);

/**
 * Rewrites the Liquid of a Studio text into Switchboard templates: `{{trigger.call.From}}` →
 * `{{caller.phone}}`, `{{trigger.message.Body}}` → `{{vars.last_message}}`, `{{flow.variables.x}}`
 * and `{{flow.data.x}}` → `{{vars.x}}`, `{{widgets.NAME.Digits}}` → `{{nodes.<id>.digits}}`,
 * `{{widgets.NAME.parsed.f}}` → `{{nodes.<id>.body.f}}`. Filters (`| plus: 1`), tags (`{% if %}`)
 * and paths with no Switchboard value are kept as they are and listed in `verbatim`.
 */
export function rewriteLiquid(text: string, widgets: WidgetRefs): LiquidRewrite {
  const verbatim: LiquidRewrite["verbatim"] = [];
  const inputs: string[] = [];
  const rewritten = text.replace(MARKUP, (match: string, output: string | undefined, tag: string | undefined) => {
    if (tag !== undefined) {
      verbatim.push({ liquid: match, why: "Liquid tags have no Switchboard equivalent" });
      return match;
    }
    const expression = (output ?? "").trim();
    if (expression.includes("|")) {
      verbatim.push({ liquid: match, why: "Liquid filters have no Switchboard equivalent" });
      return match;
    }
    if (!PATH.test(expression)) {
      verbatim.push({ liquid: match, why: "only plain dotted paths can be converted" });
      return match;
    }
    const path = mapPath(expression, widgets);
    if (typeof path !== "string") {
      verbatim.push({ liquid: match, why: path.why });
      return match;
    }
    if (expression === "trigger.message.Body" || expression === "trigger.conversation.Body" || expression.startsWith("flow.data.")) inputs.push(path.split(".")[1] ?? "");
    return `{{${path}}}`;
  });
  return { text: rewritten, verbatim, inputs: inputs.filter((name) => name !== "") };
}

function mapPath(path: string, widgets: WidgetRefs): string | { why: string } {
  const fixed = FIXED.get(path);
  if (fixed !== undefined) return fixed;
  const [root = "", second = "", ...rest] = path.split(".");
  if (root === "flow" && (second === "variables" || second === "data")) {
    const [name, ...deeper] = rest;
    if (name === undefined) return { why: `{{flow.${second}}} as a whole has no Switchboard equivalent` };
    return ["vars", toVariableName(name), ...deeper].join(".");
  }
  if (root === "widgets") return widgetPath(second, rest, widgets);
  if (root === "trigger" || root === "contact" || root === "flow") return { why: `Switchboard has no value for ${path}` };
  return { why: `"${root}" is not a Studio variable` };
}

function widgetPath(name: string, rest: string[], widgets: WidgetRefs): string | { why: string } {
  const widget = widgets.get(name);
  if (widget === undefined) return { why: `there is no widget "${name}"` };
  const [field = "", ...deeper] = rest;
  const node = `nodes.${widget.nodeId}`;
  switch (widget.results) {
    case "gather":
      if (field === "Digits" && deeper.length === 0) return `${node}.digits`;
      if (field === "inbound" && deeper.join(".") === "Body") return `${node}.digits`;
      break;
    case "menu":
      if (field === "inbound" && deeper.join(".") === "Body") return `${node}.label`;
      if (field === "Digits" && deeper.length === 0) return `${node}.key`;
      if (field === "SpeechResult" && deeper.length === 0) return `${node}.label`;
      break;
    case "http":
      if (field === "parsed") return [node, "body", ...deeper].join(".");
      if (field === "body" && deeper.length === 0) return `${node}.body`;
      if (field === "status_code" && deeper.length === 0) return `${node}.status`;
      break;
    case "variables":
      if (field !== "") return ["vars", toVariableName(field), ...deeper].join(".");
      break;
    case "none":
      break;
  }
  return { why: `widget "${name}" leaves no ${[field, ...deeper].join(".")} in Switchboard` };
}
