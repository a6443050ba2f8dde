import { interpolate } from "../../../flow-schema/index";
import { type HttpTool, toolName } from "../../../flow-schema/nodes/ai-agent";
import type { ChatMessage, ToolCall } from "../../ai/chat-message";
import type { AiResult, HttpResult, InputEvent } from "../events";
import { oneLine, renderUrl } from "../http-request";
import { toJsonValue } from "../json-value";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { AgentConversation } from "../session-state";
import { templateScope } from "../template-scope";
import { extractGuidance, fieldValue, SAVE_FIELDS, toolSpecs } from "./ai-agent-tools";
import type { NodeOf } from "./node-of";

type AgentNode = NodeOf<"ai_agent">;

/** The conversation kept in the state: the system prompt and the last messages. */
const MAX_MESSAGES = 80;
/** A tool's answer as the model reads it. */
const MAX_TOOL_RESULT = 8000;

function conversationOf(run: Run, node: AgentNode): AgentConversation {
  const agents = (run.state.agents ??= {});
  return (agents[node.id] ??= { messages: [], turns: 0, pending: [] });
}

function push(conversation: AgentConversation, message: ChatMessage): void {
  conversation.messages.push(message);
  const extra = conversation.messages.length - MAX_MESSAGES;
  // The system prompt stays; the oldest exchanges go (never leaving a tool answer without its call).
  if (extra > 0) {
    let cut = 1 + extra;
    while (conversation.messages[cut]?.role === "tool") cut += 1;
    conversation.messages.splice(1, cut - 1);
  }
}

function lastReply(conversation: AgentConversation): string {
  for (let index = conversation.messages.length - 1; index >= 0; index--) {
    const message = conversation.messages[index];
    if (message?.role === "assistant" && message.content !== null && message.content !== "") return message.content;
  }
  return "";
}

/** Leaves the node by `handle`; `error` (for failed and timeout) goes into `nodes.<id>.error` and the step's note. */
function leave(run: Run, node: AgentNode, handle: "done" | "handoff" | "max_turns" | "failed" | "timeout", error?: string): Outcome {
  const conversation = conversationOf(run, node);
  run.setNodeResult(node.id, { reply: lastReply(conversation), turns: conversation.turns, ...(error === undefined ? {} : { error }) });
  conversation.pending = [];
  delete conversation.awaiting;
  if (node.data.history === "none" && run.state.agents !== undefined) delete run.state.agents[node.id];
  return { kind: "follow", handle, ...(error === undefined ? {} : { note: error }) };
}

function systemPrompt(run: Run, node: AgentNode): string {
  const instructions = run.render(node.data.instructions);
  return node.data.extract === undefined ? instructions : `${instructions}\n\n${extractGuidance(node.data.extract)}`;
}

/** One model turn: an `ai_turn` effect, unless the node has used its turns. */
function askModel(run: Run, node: AgentNode): Outcome {
  const conversation = conversationOf(run, node);
  if (conversation.turns >= node.data.maxTurns) return leave(run, node, "max_turns", `the model needed more than ${node.data.maxTurns} turns`);
  conversation.turns += 1;
  const token = run.nextToken();
  run.emit({
    type: "ai_turn",
    nodeId: node.id,
    token,
    provider: node.data.provider,
    ...(node.data.model === undefined ? {} : { model: node.data.model }),
    messages: structuredClone(conversation.messages),
    tools: toolSpecs(node.data),
    timeoutSeconds: node.data.timeoutSeconds,
  });
  return { kind: "wait", waiting: { kind: "ai", nodeId: node.id, token }, outcome: "model_turn" };
}

/** The model's words to the customer: a chat message, or a prompt on voice (never rendered as a template). */
function say(run: Run, node: AgentNode, text: string): void {
  if (run.channel === "chat") {
    run.emit({ type: "message", nodeId: node.id, text });
    return;
  }
  const voice = run.settings?.voice;
  const language = run.settings?.language;
  run.emit({ type: "prompt", nodeId: node.id, text, ...(voice === undefined ? {} : { voice }), ...(language === undefined ? {} : { language }) });
}

/** Waits for the customer's next message. */
function awaitCustomer(run: Run, node: AgentNode): Outcome {
  const token = run.nextToken();
  run.emit({
    type: "collect",
    nodeId: node.id,
    token,
    mode: "text",
    input: run.channel === "chat" ? "text" : "speech",
    timeoutSeconds: node.data.replyTimeoutSeconds,
  });
  return { kind: "wait", waiting: { kind: "input", nodeId: node.id, token, attempt: 1, lastFailure: null, buffered: "" }, outcome: "reply" };
}

function toolMessage(call: ToolCall, content: unknown): ChatMessage {
  const text = typeof content === "string" ? content : JSON.stringify(content);
  return { role: "tool", toolCallId: call.id, content: text.length > MAX_TOOL_RESULT ? `${text.slice(0, MAX_TOOL_RESULT)}…` : text };
}

/** The request an HTTP tool makes: its URL and headers rendered with the call's `args`, the arguments as a JSON body (not for GET). */
function toolRequest(run: Run, tool: HttpTool, call: ToolCall) {
  const scope = { ...templateScope(run.state), args: call.arguments };
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(tool.headers)) headers[name] = oneLine(interpolate(template, scope));
  const withBody = tool.method !== "GET" && tool.method !== "DELETE";
  if (withBody && !Object.keys(headers).some((name) => name.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
  return {
    url: renderUrl(tool.url, scope),
    method: tool.method,
    headers,
    ...(withBody ? { body: JSON.stringify(call.arguments) } : {}),
    timeoutSeconds: tool.timeoutSeconds,
  };
}

/**
 * Runs the tool calls of the last model turn, in order: built-ins at once, an HTTP tool as an
 * `http_request` the node waits for. Then the next model turn, unless a call ended the node.
 */
function runTools(run: Run, node: AgentNode): Outcome {
  const conversation = conversationOf(run, node);
  for (let call = conversation.pending.shift(); call !== undefined; call = conversation.pending.shift()) {
    const tool = node.data.tools.find((candidate) => toolName(candidate) === call.name);
    const extract = call.name === SAVE_FIELDS ? node.data.extract : undefined;
    if (tool === undefined && extract === undefined) {
      return leave(run, node, "failed", `the model called tool "${call.name}", which this node does not declare`);
    }
    if (extract !== undefined) {
      const saved: string[] = [];
      const refused: Record<string, string> = {};
      for (const [name, value] of Object.entries(call.arguments)) {
        const field = Object.hasOwn(extract.properties, name) ? extract.properties[name] : undefined;
        const checked = field === undefined ? { ok: false as const, problem: "not a field to save" } : fieldValue(field, value);
        if (checked.ok) {
          run.setVar(name, checked.value);
          saved.push(name);
        } else refused[name] = checked.problem;
      }
      push(conversation, toolMessage(call, { saved, ...(Object.keys(refused).length === 0 ? {} : { refused }) }));
      run.record(node, `tool:${SAVE_FIELDS}`);
      continue;
    }
    if (tool === undefined) continue;
    switch (tool.kind) {
      case "handoff": {
        const reason = call.arguments.reason;
        run.setVar(node.data.handoffVariable, typeof reason === "string" ? reason : (toJsonValue(reason) ?? ""));
        push(conversation, toolMessage(call, "handed over"));
        return leave(run, node, "handoff");
      }
      case "end":
        push(conversation, toolMessage(call, "ended"));
        return leave(run, node, "done");
      case "set_variables": {
        const set: string[] = [];
        for (const [name, value] of Object.entries(call.arguments)) {
          if (!tool.variables.includes(name) || !(typeof value === "string" || typeof value === "number" || typeof value === "boolean")) continue;
          run.setVar(name, value);
          set.push(name);
        }
        push(conversation, toolMessage(call, { set, ...(set.length === Object.keys(call.arguments).length ? {} : { allowed: tool.variables }) }));
        run.record(node, "tool:set_variables");
        continue;
      }
      case "http": {
        const token = run.nextToken();
        run.emit({ type: "http_request", nodeId: node.id, token, ...toolRequest(run, tool, call) });
        conversation.awaiting = call;
        return { kind: "wait", waiting: { kind: "http", nodeId: node.id, token }, outcome: `tool:${call.name}` };
      }
    }
  }
  return askModel(run, node);
}

/** The text a customer event carries: typed or spoken words, keys, a button. */
function customerText(event: InputEvent): string | undefined {
  switch (event.type) {
    case "text":
    case "speech":
      return event.text;
    case "digits":
      return event.digits;
    case "button":
      return event.key;
    case "timeout":
      return undefined;
  }
}

/**
 * ai_agent: one model turn per `ai_turn` effect, answered by `ai_result`. A reply without tool
 * calls is sent to the customer and the node waits for the next message (a `collect` in text
 * mode); tool calls run in order (HTTP tools as `http_request` effects, answered by
 * `http_result`), then the model is asked again. See flow-schema/nodes/ai-agent.ts for the handles.
 */
export const aiAgentExecutor = {
  enter(run: Run, node: AgentNode): Outcome {
    const earlier = node.data.history === "session" ? run.state.agents?.[node.id] : undefined;
    const system: ChatMessage = { role: "system", content: systemPrompt(run, node) };
    const messages = [system, ...(earlier?.messages.filter((message) => message.role !== "system") ?? [])];
    (run.state.agents ??= {})[node.id] = { messages, turns: 0, pending: [] };
    return askModel(run, node);
  },

  resumeModel(run: Run, node: AgentNode, result: AiResult): Outcome {
    const conversation = conversationOf(run, node);
    if (result.error !== undefined) {
      const message = `the model turn failed (${result.error.kind}): ${result.error.message}`;
      return leave(run, node, result.error.kind === "timeout" ? "timeout" : "failed", message);
    }
    const content = result.content ?? "";
    const calls = result.toolCalls ?? [];
    push(conversation, { role: "assistant", content: content === "" ? null : content, ...(calls.length === 0 ? {} : { toolCalls: calls }) });
    run.setNodeResult(node.id, { reply: lastReply(conversation), turns: conversation.turns });
    if (content.trim() !== "") say(run, node, content);
    if (calls.length > 0) {
      conversation.pending = calls;
      return runTools(run, node);
    }
    if (content.trim() === "") return leave(run, node, "failed", "the model answered nothing (no text, no tool call)");
    return awaitCustomer(run, node);
  },

  resumeTool(run: Run, node: AgentNode, result: HttpResult): Outcome {
    const conversation = conversationOf(run, node);
    const call = conversation.awaiting;
    if (call === undefined) return leave(run, node, "failed", "a tool result arrived for no tool call");
    delete conversation.awaiting;
    if (result.error === "blocked") {
      return leave(run, node, "failed", `tool "${call.name}" calls an address that is not allowed (private or loopback; see HTTP_CALLBACK_ALLOWLIST)`);
    }
    const answer =
      result.error !== undefined || result.status === undefined
        ? { error: result.error ?? "network" }
        : { status: result.status, body: parseBody(result.body ?? "") };
    push(conversation, toolMessage(call, answer));
    return runTools(run, node);
  },

  resumeInput(run: Run, node: AgentNode, event: InputEvent): Outcome {
    const text = customerText(event);
    if (text === undefined) return leave(run, node, "timeout", `the customer did not answer within ${node.data.replyTimeoutSeconds} s`);
    if (text.trim() === "") return awaitCustomer(run, node);
    const conversation = conversationOf(run, node);
    push(conversation, { role: "user", content: text.slice(0, 4096) });
    const next = askModel(run, node);
    return next.kind === "wait" || next.kind === "follow" ? { ...next, input: text } : next;
  },
};

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
