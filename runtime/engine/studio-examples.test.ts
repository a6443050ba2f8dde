import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importStudio } from "../../flow-schema/migrate/studio/import-studio";
import { studioFlow as studioDefinition } from "../../flow-schema/migrate/studio/testing";
import type { FlowVersionRef } from "./flow-version";
import { SessionHarness } from "./testing/session-harness";

/** A Studio export from examples/studio, converted, as a draft. */
function studioFlow(file: string, id: string): FlowVersionRef {
  const source: unknown = JSON.parse(readFileSync(new URL(`../../examples/studio/${file}`, import.meta.url), "utf8"));
  return { flowId: id, version: "draft", document: importStudio(source, { id }).document };
}

describe("converted Studio flows run in the engine", () => {
  it("acme-ivr.json: menu 2 → account number → balance lookup → balance said → goodbye", () => {
    const call = new SessionHarness({ flow: studioFlow("acme-ivr.json", "acme-ivr"), caller: { phone: "+15551230000" }, call: { id: "CA1", to: "+15559990000" } });
    call.start();
    expect(call.said).toEqual(["Thanks for calling Acme.", expect.stringContaining("For sales, press 1")]);
    expect(call.lastOf("collect")[0]).toMatchObject({ nodeId: "main_menu", mode: "menu", maxDigits: 1, timeoutSeconds: 5 });
    expect(call.state.vars).toMatchObject({ caller_number: "+15551230000", call_ref: "CA1" });

    call.send({ type: "digits", digits: "2", token: call.token ?? "" });
    expect(call.lastOf("collect")[0]).toMatchObject({ nodeId: "account_pin", maxDigits: 6 });

    call.send({ type: "digits", digits: "004217", token: call.token ?? "" });
    expect(call.lastOf("http_request")[0]).toMatchObject({
      method: "GET",
      url: "https://api.acme.example/balance?account=004217&phone=%2B15551230000",
    });

    call.send({ type: "http_result", status: 200, body: '{"balance": 42.5}', token: call.token ?? "" });
    expect(call.said).toEqual(["Your balance is 42.5 dollars.", "Thank you for calling Acme. Goodbye."]);
    expect(call.state).toMatchObject({ status: "ended", endReason: "hangup_node" });
    expect(call.path).toEqual([
      "welcome:next",
      "remember_caller:next",
      "main_menu:waiting",
      "main_menu:option:2",
      "menu_choice:match:2",
      "account_pin:waiting",
      "account_pin:next",
      "balance_lookup:waiting",
      "balance_lookup:success",
      "balance_check:no_match",
      "say_balance:next",
      "goodbye:ended(hangup_node)",
    ]);
  });

  it("acme-ivr.json: menu 1 goes to the sales team, 4 to support (matches_any_of)", () => {
    for (const [key, teamId] of [
      ["1", "sales"],
      ["4", "support"],
    ] as const) {
      const call = new SessionHarness({ flow: studioFlow("acme-ivr.json", "acme-ivr") });
      call.start();
      call.send({ type: "digits", digits: key, token: call.token ?? "" });
      expect(call.lastOf("transfer")[0]).toMatchObject({ teamId });
    }
  });

  it("appointment-sms.json: YES in any case confirms, the API's answer routes to the notification", () => {
    const chat = new SessionHarness({ flow: studioFlow("appointment-sms.json", "appointment-sms"), channel: "chat", caller: { phone: "+447700900123" }, variables: { last_message: "hi" } });
    chat.start();
    expect(chat.lastOf("message")[0]).toMatchObject({ text: expect.stringContaining("Reply YES"), options: [{ key: "1", label: "yes" }, { key: "2", label: "no" }] });
    expect(chat.state.vars).toMatchObject({ first_message: "hi", customer: "+447700900123" });

    chat.send({ type: "text", text: " YES ", token: chat.token ?? "" });
    const save = chat.lastOf("http_request")[0];
    expect(save).toMatchObject({ nodeId: "save_answer", method: "POST", url: "https://api.acme.example/appointments/confirm" });
    expect(JSON.parse(save?.body ?? "")).toEqual({ phone: "+447700900123", answer: "yes" });

    chat.send({ type: "http_result", status: 200, body: '{"status": "saved", "slots": 3}', token: chat.token ?? "" });
    const notify = chat.lastOf("http_request")[0];
    expect(notify).toMatchObject({ nodeId: "notify", body: "to=+447700900123&event=confirmed" });
    expect(notify?.headers).toMatchObject({ "Content-Type": "application/x-www-form-urlencoded" });

    chat.send({ type: "http_result", status: 200, body: "ok", token: chat.token ?? "" });
    expect(chat.state.status).toBe("ended");
    expect(chat.path).toEqual([
      "remember:next",
      "confirm:waiting",
      "confirm:option:1",
      "confirm_reply:match:yes",
      "save_answer:waiting",
      "save_answer:success",
      "route:match:Saved",
      "notify:waiting",
      "notify:success",
      "notify:ended(unconnected_handle)", // Studio ends a flow where a transition leads nowhere; so does Switchboard
    ]);
  });

  it("appointment-sms.json: a reply that is no option takes the split's No Match to the front desk", () => {
    const chat = new SessionHarness({ flow: studioFlow("appointment-sms.json", "appointment-sms"), channel: "chat" });
    chat.start();
    chat.send({ type: "text", text: "maybe later", token: chat.token ?? "" });
    expect(chat.lastOf("transfer")[0]).toMatchObject({ nodeId: "front_desk", teamId: "WW00000000000000000000000000000001" });
  });

  it("a Studio gather with keys and speech splits: the caller may say the words, and the key's path is taken", () => {
    const digits = "{{widgets.menu.Digits}}";
    const speech = "{{widgets.menu.SpeechResult}}";
    const definition = studioDefinition([
      {
        name: "menu",
        type: "gather-input-on-call",
        properties: { say: "Say sales or support, or press 1 or 2", number_of_digits: "1", hints: "sales, support" },
        transitions: [
          { event: "keypress", next: "keys" },
          { event: "speech", next: "words" },
        ],
      },
      {
        name: "keys",
        type: "split-based-on",
        properties: { input: digits },
        transitions: [
          { event: "noMatch" },
          { event: "match", next: "sales", conditions: [{ arguments: [digits], type: "equal_to", value: "1" }] },
          { event: "match", next: "support", conditions: [{ arguments: [digits], type: "equal_to", value: "2" }] },
        ],
      },
      {
        name: "words",
        type: "split-based-on",
        properties: { input: speech },
        transitions: [
          { event: "noMatch" },
          { event: "match", next: "sales", conditions: [{ arguments: [speech], type: "contains", value: "sales" }] },
          { event: "match", next: "support", conditions: [{ arguments: [speech], type: "matches_any_of", value: "support, help" }] },
        ],
      },
      { name: "sales", type: "say-play", properties: { say: "Sales, {{widgets.menu.SpeechResult}}" } },
      { name: "support", type: "say-play", properties: { say: "Support" } },
    ]);
    const flow: FlowVersionRef = { flowId: "speech-menu", version: "draft", document: importStudio(definition, { id: "speech-menu" }).document };
    const call = new SessionHarness({ flow });
    call.start();
    expect(call.lastOf("collect")[0]).toMatchObject({ nodeId: "menu", input: "both", hints: expect.arrayContaining(["sales", "support", "help"]) });
    call.send({ type: "speech", text: "I need some help", token: call.token ?? "" });
    expect(call.said).toEqual(["Support"]);
    expect(call.path.slice(-3)).toEqual(["menu:option:2", "keys:match:2", "support:ended(hangup_node)"]);
  });

  it("a Studio run-subflow calls the Studio flow imported under its SID, which returns where it stops", () => {
    const child = studioDefinition([{ name: "check", type: "say-play", properties: { say: "Checking {{flow.data.phone}}" } }], "incomingParent");
    const parent = studioDefinition([
      {
        name: "verify",
        type: "run-subflow",
        properties: { flow_sid: "FW0001", parameters: [{ key: "phone", value: "{{trigger.call.From}}" }] },
        transitions: [
          { event: "completed", next: "done" },
          { event: "failed", next: "oops" },
        ],
      },
      { name: "done", type: "say-play", properties: { say: "Verified." } },
      { name: "oops", type: "say-play", properties: { say: "Failed." } },
    ]);
    const called: FlowVersionRef = { flowId: "FW0001", version: 1, document: importStudio(child, { id: "FW0001" }).document };
    const flow: FlowVersionRef = { flowId: "caller", version: 1, document: importStudio(parent, { id: "caller" }).document };
    const call = new SessionHarness({ flow, published: [called], caller: { phone: "+15550001111" } });
    call.start();
    expect(call.said).toEqual(["Checking +15550001111", "Verified."]);
    expect(call.state).toMatchObject({ status: "ended", endReason: "hangup_node" });
  });

  it("not-yet-converted.json: a call reaches a placeholder, and the session ends there, saying why", () => {
    const call = new SessionHarness({ flow: studioFlow("not-yet-converted.json", "not-yet") });
    call.start();
    expect(call.state).toMatchObject({ status: "ended", endReason: "placeholder_node", currentNodeId: "record_this_call" });
    expect(call.steps.at(-1)?.note).toContain("record-call records the whole call in the background");
    expect(call.path).toEqual(["Trigger:match:call", "record_this_call:ended(placeholder_node)"]);
  });
});
