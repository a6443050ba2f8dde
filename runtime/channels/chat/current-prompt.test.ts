import { describe, expect, it } from "vitest";
import { buildFlow } from "../../engine/fixtures/build-flow";
import { SessionHarness } from "../../engine/testing/session-harness";
import type { ChannelCapabilities } from "../channel-driver";
import { chatReplies } from "./chat-replies";
import { currentPrompt } from "./current-prompt";
import { defaultUnsupportedInputMessage, unsupportedInputMessage } from "./unsupported-input-message";

const buttons: ChannelCapabilities = { voice: false, dtmf: false, speech: false, buttons: true, freeText: true, maxButtons: 3, maxButtonLabel: 20 };

const flow = buildFlow({
  id: "desk",
  nodes: [
    { id: "hello", type: "greeting", data: { prompt: { text: "Hi {{caller.name}}." } } },
    {
      id: "pick",
      type: "menu",
      data: { prompt: { text: "{{caller.name}}, sales or support?" }, options: [{ key: "1", label: "Sales" }, { key: "2", label: "Support" }], invalidPrompt: { text: "Sorry?" } },
    },
    { id: "account", type: "gather", data: { prompt: { text: "Your account number, {{caller.name}}?" }, storeAs: "account" } },
    { id: "lookup", type: "http", data: { url: "https://api.example.test/{{vars.account}}" } },
  ],
  edges: [
    ["hello", "next", "pick"],
    ["pick", "option:1", "account"],
    ["account", "next", "lookup"],
  ],
  settings: { language: "es-MX", unsupportedInputMessage: "Perdón {{caller.name}}, solo leo texto." },
});

const session = () => new SessionHarness({ flow, channel: "chat", caller: { name: "Ana", id: "42" } });

describe("currentPrompt: the question a chat session waits on, asked again", () => {
  it("is the menu exactly as the engine drew it last (after a retry: the new wait token), and changes nothing", () => {
    const harness = session();
    harness.start();
    harness.send({ type: "text", text: "maybe" });
    const before = JSON.stringify(harness.state);
    const drawn = chatReplies(harness.last.effects, buttons).at(-1);
    const again = chatReplies(currentPrompt(harness.state, flow.document), buttons);
    expect(again).toEqual([drawn]);
    expect(again[0]?.buttons?.map((button) => button.id)).toEqual([`m:${harness.token}:0`, `m:${harness.token}:1`]);
    expect(JSON.stringify(harness.state)).toBe(before);
  });

  it("is a gather's prompt rendered now, then its collect with the current token", () => {
    const harness = session();
    harness.start();
    harness.send({ type: "text", text: "sales" });
    const effects = currentPrompt(harness.state, flow.document);
    expect(effects).toEqual([
      { type: "message", nodeId: "account", text: "Your account number, Ana?" },
      { type: "collect", nodeId: "account", token: harness.token, mode: "digits", input: "text", timeoutSeconds: 10, minDigits: 1, maxDigits: 10 },
    ]);
  });

  it("is nothing when the session waits for no input", () => {
    const harness = session();
    harness.start();
    harness.send({ type: "text", text: "sales" });
    harness.send({ type: "text", text: "12345" });
    expect(harness.state.waiting?.kind).toBe("http");
    expect(currentPrompt(harness.state, flow.document)).toEqual([]);
  });
});

describe("the unsupported-input message", () => {
  it("is the flow's own, rendered against the session; else the default in the flow's language, English when there is none", () => {
    const harness = session();
    harness.start();
    expect(unsupportedInputMessage(flow.document, harness.state)).toBe("Perdón Ana, solo leo texto.");
    const { unsupportedInputMessage: _own, ...spanish } = flow.document.settings ?? {};
    expect(unsupportedInputMessage({ ...flow.document, settings: spanish }, harness.state)).toBe("Lo siento, aquí solo puedo leer mensajes de texto.");
    expect(unsupportedInputMessage({ ...flow.document, settings: { unsupportedInputMessage: "{{vars.nothing}}" } }, harness.state)).toBe("Sorry, I can only read text messages here.");
    expect(unsupportedInputMessage(undefined)).toBe("Sorry, I can only read text messages here.");
    expect(defaultUnsupportedInputMessage("pt-BR")).toBe("Desculpe, aqui só consigo ler mensagens de texto.");
    expect(defaultUnsupportedInputMessage("ja-JP")).toBe("Sorry, I can only read text messages here.");
  });
});
