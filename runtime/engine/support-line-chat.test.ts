import { describe, expect, it } from "vitest";
import { exampleFlow } from "./fixtures/examples";
import { SessionHarness } from "./testing/session-harness";

const OPEN = new Date("2026-06-03T15:00:00Z");

describe("support line on chat", () => {
  it("turns prompts into messages, the menu into a message with options, and a tapped button into a choice", () => {
    const chat = new SessionHarness({ flow: exampleFlow("support-line"), channel: "chat", channelType: "whatsapp", now: OPEN });
    chat.start();
    expect(chat.last.effects.map((effect) => effect.type)).toEqual(["message", "message", "collect"]);
    expect(chat.last.effects[0]).toEqual({ type: "message", nodeId: "welcome", text: expect.stringContaining("Thank you for calling Acme") });
    expect(chat.last.effects[1]).toMatchObject({
      type: "message",
      nodeId: "main_menu",
      options: [
        { key: "1", label: "Sales" },
        { key: "2", label: "Support" },
        { key: "3", label: "Billing" },
      ],
    });
    // On chat the collect is there so the runtime can arm a durable timer; input is always text.
    expect(chat.lastOf("collect")[0]).toMatchObject({ mode: "menu", input: "text", timeoutSeconds: 8 });
    expect(chat.lastOf("collect")[0]?.hints).toBeUndefined();
    // No barge-in on chat.
    expect(chat.state.bargeIn).toBeNull();

    chat.send({ type: "button", key: "2" });
    expect(chat.lastOf("transfer")[0]).toMatchObject({ teamId: "support", endsFlow: false });
    chat.send({ type: "transfer_result", result: "completed" });
    expect(chat.last.effects).toEqual([
      { type: "message", nodeId: "goodbye", text: "Thank you for calling Acme. Have a great day." },
      { type: "end", reason: "hangup_node", nodeId: "goodbye", disconnect: true },
    ]);
    expect(chat.path).toEqual([
      "welcome:next",
      "hours:in_hours",
      "main_menu:waiting",
      "main_menu:option:2",
      "to_support:waiting",
      "to_support:completed",
      "goodbye:ended(hangup_node)",
    ]);
  });

  it("matches typed text: a key, a label with punctuation, a say-word", () => {
    for (const [text, team] of [
      ["1", "sales"],
      ["Sales.", "sales"],
      ["  TECHNICAL SUPPORT!! ", "support"],
      ["I have a question about my invoice", "billing"],
    ] as const) {
      const chat = new SessionHarness({ flow: exampleFlow("support-line"), channel: "chat", now: OPEN });
      chat.start();
      chat.send({ type: "text", text });
      expect(chat.lastOf("transfer")[0]?.teamId, text).toBe(team);
    }
  });

  it("re-asks after an unknown reply, with the invalid prompt then the menu again", () => {
    const chat = new SessionHarness({ flow: exampleFlow("support-line"), channel: "chat", now: OPEN });
    chat.start();
    chat.send({ type: "text", text: "pizza" });
    expect(chat.last.effects.map((effect) => effect.type)).toEqual(["message", "message", "collect"]);
    expect(chat.last.effects[0]).toEqual({ type: "message", nodeId: "main_menu", text: "Sorry, I didn't catch that." });
    expect(chat.last.effects[1]).toMatchObject({ options: [{ key: "1" }, { key: "2" }, { key: "3" }] });
    expect(chat.last.steps).toEqual([expect.objectContaining({ nodeId: "main_menu", outcome: "invalid", input: "pizza" })]);
  });
});

describe("chat examples", () => {
  it("appointment confirmation: a confirm reply is saved over HTTP and confirmed", () => {
    const chat = new SessionHarness({
      flow: exampleFlow("appointment-confirmation"),
      channel: "chat",
      channelType: "whatsapp",
      call: { id: "conv-9" },
      variables: { patient_name: "Ana", appointment_id: "A/17", appointment_time: "Tuesday at 3 PM" },
    });
    chat.start();
    expect(chat.said[0]).toBe("Hi Ana, this is Acme Family Dental. You have an appointment with your dentist on Tuesday at 3 PM.");
    chat.send({ type: "text", text: "Yes!" });
    const request = chat.lastOf("http_request")[0];
    expect(request).toMatchObject({
      url: "https://api.acme.example/appointments/A%2F17/status",
      method: "POST",
      headers: { "Content-Type": "application/json" },
    });
    expect(JSON.parse(request?.body ?? "")).toEqual({ status: "confirmed", channel: "whatsapp", conversation: "conv-9" });
    chat.send({ type: "http_result", status: 204, body: "", token: request?.token ?? "" });
    expect(chat.said).toEqual(["Thank you! You're confirmed for Tuesday at 3 PM. Please arrive 10 minutes early. See you soon!"]);
    expect(chat.state.endReason).toBe("hangup_node");
  });

  it("chat escalation: a gold customer goes to support at urgent priority, a waiting message rendered", () => {
    const chat = new SessionHarness({
      flow: exampleFlow("chat-escalation"),
      channel: "chat",
      variables: { customer_name: "Kim", tier: "gold", last_message: "my invoice is wrong" },
    });
    chat.start();
    expect(chat.state.vars).toMatchObject({ escalated: "true", escalation_channel: "webchat", escalation_summary: "Kim (gold): my invoice is wrong" });
    expect(chat.lastOf("transfer")[0]).toMatchObject({ teamId: "support", priority: "urgent", waitingMessage: expect.stringContaining("Gold member") });
  });

  it("chat escalation: nobody answers, a ticket is opened and its id read back", () => {
    const chat = new SessionHarness({
      flow: exampleFlow("chat-escalation"),
      channel: "chat",
      variables: { customer_name: "Lee", last_message: "refund please", customer_email: "lee@example.com" },
    });
    chat.start();
    expect(chat.lastOf("transfer")[0]?.teamId).toBe("billing");
    chat.send({ type: "transfer_result", result: "no_answer" });
    const body = JSON.parse(chat.lastOf("http_request")[0]?.body ?? "");
    expect(body).toMatchObject({ email: "lee@example.com", reason: "no_agent_available", summary: "Lee (standard): refund please" });
    chat.send({ type: "http_result", status: 201, body: '{"ticket_id":"T-42"}' });
    expect(chat.state.vars.ticket).toEqual({ ticket_id: "T-42" });
    expect(chat.said[0]).toContain("I've opened ticket T-42 for you");
  });
});
