import { AiError } from "./ai-error";
import type { ToolCall } from "./chat-message";

/** A tool-call fragment as streamed (`choices[0].delta.tool_calls[i]`) or whole (`message.tool_calls[i]`). */
export interface ToolCallFragment {
  index?: number | undefined;
  id?: string | null | undefined;
  function?: { name?: string | null | undefined; arguments?: string | null | undefined } | null | undefined;
}

/**
 * Assembles tool calls from fragments: by `index` (a fragment without one continues the last
 * call unless it brings a new id), the name and id from whichever fragment carries them, the arguments concatenated. Some
 * servers send no id: those calls get `call_<n>`, unique in the turn.
 */
export class ToolCallParts {
  private readonly calls = new Map<number, { id: string | undefined; name: string; arguments: string }>();
  private last = -1;

  add(fragment: ToolCallFragment): void {
    const index = fragment.index ?? this.indexWithout(fragment);
    this.last = index;
    const call = this.calls.get(index) ?? { id: undefined, name: "", arguments: "" };
    if (typeof fragment.id === "string" && fragment.id !== "") call.id = fragment.id;
    if (typeof fragment.function?.name === "string") call.name = call.name === "" || call.name === fragment.function.name ? fragment.function.name : call.name + fragment.function.name;
    if (typeof fragment.function?.arguments === "string") call.arguments += fragment.function.arguments;
    this.calls.set(index, call);
  }

  /** A fragment without an index continues the last call, unless it carries another call's id. */
  private indexWithout(fragment: ToolCallFragment): number {
    if (this.last < 0) return 0;
    const lastId = this.calls.get(this.last)?.id;
    return typeof fragment.id === "string" && fragment.id !== "" && lastId !== undefined && lastId !== fragment.id ? this.last + 1 : this.last;
  }

  get size(): number {
    return this.calls.size;
  }

  /**
   * The calls in index order, their arguments parsed. Throws `AiError` `invalid_tool_arguments`
   * (or `truncated` when the answer was cut at the token limit) naming the tool.
   */
  finish(cutAtLimit: boolean): ToolCall[] {
    const used = new Set<string>();
    let counter = 0;
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => {
        if (call.name === "") throw new AiError("the model called a tool without a name", "invalid_tool_arguments");
        let id = call.id;
        while (id === undefined || used.has(id)) id = `call_${++counter}`;
        used.add(id);
        const text = call.arguments.trim() === "" ? "{}" : call.arguments;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          if (cutAtLimit) throw new AiError(`the answer was cut at the token limit in the middle of tool ${call.name}'s arguments`, "truncated");
          throw new AiError(`the model called tool ${call.name} with arguments that are not JSON (${why}): ${call.arguments.slice(0, 200)}`, "invalid_tool_arguments");
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
          throw new AiError(`the model called tool ${call.name} with arguments that are not a JSON object: ${call.arguments.slice(0, 200)}`, "invalid_tool_arguments");
        }
        return { id, name: call.name, arguments: Object.fromEntries(Object.entries(parsed)) };
      });
  }
}
