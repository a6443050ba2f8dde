import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pollUntil } from "../../test-support/api-client";
import { exampleFlow, type FlowJson, withNodeData } from "../../test-support/example-flows";
import { WebchatClient } from "../webchat/test-support/webchat-client";
import { webchatSocketUrl } from "../webchat/webchat-driver";
import { ENDED_TEXT } from "../webchat/webchat-outbox";
import { ChatFixture, SessionJson } from "./chat-fixture";

/**
 * The web chat driver through the same fixture as the webhook drivers (real server, one stand-in
 * for every outside HTTP call, restarts on the same data directory), driving the example flows
 * over `/ws/webchat/:channelId` as the widget does: an Origin the channel allows, `hello`, taps
 * on the buttons the menus arrive with.
 */
const ORIGIN = "https://www.acme-dental.example";

describe("web chat conformance: the example flows over /ws/webchat", () => {
  const fixture = new ChatFixture();
  const channels: Record<string, string> = {};

  const flow = (name: string, id: string, patch: (flow: FlowJson) => FlowJson): FlowJson => patch({ ...exampleFlow(name), id, name: id });
  const channel = async (flowId: string): Promise<string> => {
    const res = await fixture.server.api("POST", "/api/channels", { type: "webchat", name: `Web ${flowId}`, flowId, settings: { allowedOrigins: [ORIGIN] } });
    expect(res.status, res.text).toBe(201);
    return z.object({ id: z.string() }).parse(res.body).id;
  };
  const join = (flowId: string, token?: string) => WebchatClient.join(webchatSocketUrl(fixture.server.url, channels[flowId] ?? ""), ORIGIN, token);
  const sessionOf = async (flowId: string): Promise<SessionJson> => {
    const row = z.object({ id: z.string() }).parse(fixture.server.store.database.sqlite.prepare("SELECT id FROM sessions WHERE channel_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1").get(channels[flowId]));
    return fixture.session(row.id);
  };

  beforeAll(async () => {
    await fixture.start();
    fixture.standIn.reply("/appointments/A-77/status", { status: 200, body: { ok: true } });
    fixture.standIn.reply("/tickets", { status: 201, body: { ticket_id: "T-1042" } });
    const appointments = flow("appointment-confirmation", "wc-appointments", (document) => {
      const patched = withNodeData(document, "record_choice", { url: `${fixture.standIn.url}/appointments/{{vars.appointment_id}}/status` });
      return { ...patched, variables: { ...z.record(z.string(), z.unknown()).parse(patched.variables), appointment_id: "A-77" } };
    });
    const escalation = flow("chat-escalation", "wc-escalation", (document) => withNodeData(document, "open_ticket", { url: `${fixture.standIn.url}/tickets` }));
    for (const document of [appointments, escalation]) {
      await fixture.publish(document);
      channels[document.id] = await channel(document.id);
    }
  });
  afterAll(() => fixture.stop());

  for (const [label, index, answer, status] of [
    ["Confirm", 0, "You're confirmed", "confirmed"],
    ["Cancel", 2, "has been cancelled", "cancelled"],
  ] as const) {
    it(`appointment-confirmation: the ${label} button walks its path and records "${status}" at the stand-in`, async () => {
      const { client } = await join("wc-appointments");
      const menu = await client.message("Will you be able to make it?");
      expect(menu.options?.map((option) => option.label)).toEqual(["Confirm", "Reschedule", "Cancel"]);
      client.send({ type: "button", id: `tap-${label}`, choice: menu.options?.[index]?.choice });
      await client.message(answer);
      await client.next("ended");
      const session = await sessionOf("wc-appointments");
      expect(session).toMatchObject({ channelType: "webchat", status: "ended", endReason: "hangup_node" });
      expect(session.steps.map((step) => step.nodeId)).toEqual(["greeting", "choice", "choice", `mark_${status}`, "record_choice", "record_choice", "which_choice", status]);
      const posted = fixture.standIn.to("/appointments/A-77/status").map((request) => z.object({ status: z.string(), channel: z.string() }).parse(JSON.parse(request.body)));
      expect(posted.at(-1)).toEqual({ status, channel: "webchat" });
      await client.close();
    });
  }

  it("chat-escalation: greeted, queued for support, nobody online → a ticket opened at the stand-in", async () => {
    const { client } = await join("wc-escalation");
    await client.message("let me find someone from the Acme team");
    await client.message("You're in the queue for our support team");
    await client.message("I've opened ticket T-1042 for you");
    await client.next("ended");
    // In the order the flow said them: the queue message (the visitor's step) before what the no_answer (a system dispatch) brought.
    expect(client.texts().map((text) => text.slice(0, 24))).toEqual(["Hi there, let me find so", "You're in the queue for ", "Sorry, all of our agents", ENDED_TEXT.slice(0, 24)]);
    const ticket = z.object({ reason: z.string(), conversation: z.string() }).parse(JSON.parse(fixture.standIn.to("/tickets").at(-1)?.body ?? "{}"));
    expect(ticket.reason).toBe("no_agent_available");
    await client.close();
  });

  it("a menu timer fires after a restart and waits in the history; a frame resent after the restart is recognised", async () => {
    const { client, welcome } = await join("wc-appointments");
    const menu = await client.message("Will you be able to make it?");
    client.send({ type: "text", id: "before-restart", text: "hmm" });
    await client.message("Sorry, I didn't understand");
    await client.close();
    const session = await sessionOf("wc-appointments");

    await fixture.restart();
    await fixture.dueNow(session.id);
    await pollUntil(
      async () => ((await fixture.session(session.id)).steps.some((step) => step.outcome === "no_input") ? true : undefined),
      5_000,
      () => "the menu timer did not fire after the restart",
    );
    const back = await join("wc-appointments", welcome.token);
    const texts = back.welcome.history.map((message) => message.text);
    expect(texts.at(-2)).toContain("Just checking in");
    expect(texts.at(-1)).toContain("Will you be able to make it?");
    expect(back.welcome.history.at(-1)?.options?.[0]?.choice).not.toBe(menu.options?.[0]?.choice);

    const inbound = await fixture.inboundCount();
    back.client.send({ type: "text", id: "before-restart", text: "hmm" });
    expect(await back.client.next("ack", (ack) => ack.id === "before-restart")).toMatchObject({ duplicate: true });
    expect(await fixture.inboundCount()).toBe(inbound);
    back.client.send({ type: "button", id: "after-restart", choice: back.welcome.history.at(-1)?.options?.[0]?.choice });
    await back.client.message("You're confirmed");
    expect((await back.client.next("message", (frame) => frame.message.text === ENDED_TEXT)).message.from).toBe("system");
    await back.client.close();
  });
});
