import { expect } from "vitest";
import { z } from "zod";
import type { TestCall } from "../../runtime/channels/test-support/voice-fixture";
import type { TestServer } from "../../runtime/test-support/test-server";
import { element, verbs } from "../../runtime/channels/test-support/twiml-reader";
import type { ConsoleDesk } from "./console-desk";

/**
 * The customer side of the console tests: a caller (`VoiceCustomer`, below) or a web chat visitor
 * in a browser (`WidgetCustomer`, widget-customer.ts); the tests only talk to this.
 */
export interface ConsoleCustomer {
  /** How the console names them (the offer, the room). */
  readonly name: string;
  /** Goes through the flow to its transfer to the support team: agents get an offer. */
  reachAgents(): Promise<void>;
  /** The customer's words, as the room gets them. */
  say(text: string): Promise<void>;
  /** The flow's session state after the agent is done. */
  session(): Promise<{ status: string; path: string[] }>;
  /** What the customer was sent after reaching the agents (for voice: the TwiML the call was updated with). */
  received(): string[];
}

/** How a caller gets through a line's flow to its transfer. */
export type CallScript = (call: TestCall, callerName: string) => Promise<void>;

/** examples/support-line.json: the menu, 2 for support. */
export const pressTwoForSupport: CallScript = async (call, callerName) => {
  const menu = await call.incoming({ CallerName: callerName });
  expect(verbs(menu.text)).toEqual(["Gather", "Redirect"]);
  const queued = await call.answer(menu.text, { Digits: "2", FinishedOnKey: "" });
  expect(element(queued.text, "Enqueue").text).toBe("support");
};

/** examples/account-balance.json: the account number, the balance read out, 1 for billing. */
export const balanceThenBilling: CallScript = async (call, callerName) => {
  const ask = await call.incoming({ CallerName: callerName });
  const balance = await call.answer(ask.text, { Digits: "12345678", FinishedOnKey: "#" });
  expect(element(balance.text, "Say").text).toBe("Your balance is 42.5 dollars, due on July 1.");
  const queued = await call.answer(balance.text, { Digits: "1", FinishedOnKey: "" });
  expect(verbs(queued.text)).toContain("Enqueue");
  expect(element(queued.text, "Enqueue").text).toBe("billing");
};

const Session = z.object({ status: z.string(), steps: z.array(z.object({ nodeId: z.string(), outcome: z.string().nullable() })) });

/** A flow session as `GET /api/sessions/:id` answers it: its status and its path as `node:outcome`. */
export async function flowSession(server: TestServer, sessionId: string): Promise<{ status: string; path: string[] }> {
  const response = await server.api("GET", `/api/sessions/${sessionId}`);
  expect(response.status, response.text).toBe(200);
  const session = Session.parse(response.body);
  return { status: session.status, path: session.steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`) };
}

/**
 * A caller on a Twilio voice channel: the call goes through the signed webhooks (fake-twilio.ts)
 * as `script` says, up to the flow's transfer; in the room, the caller's words arrive as speech
 * transcripts (`rooms.postCustomerMessage`, what the speech Gather loop feeds).
 */
export class VoiceCustomer implements ConsoleCustomer {
  private readonly call: TestCall;
  private readonly updates: string[] = [];

  constructor(
    private readonly desk: ConsoleDesk,
    readonly name: string,
    from: string,
    private readonly script: CallScript = pressTwoForSupport,
    channelId = desk.channelId,
  ) {
    this.call = desk.voice.call(channelId, from);
  }

  async reachAgents(): Promise<void> {
    const { provider } = this.desk.voice;
    provider.reply(`/2010-04-01/Accounts/${this.call.params().AccountSid}/Calls/${this.call.callSid}.json`, (request, response) => {
      this.updates.push(new URLSearchParams(request.body).get("Twiml") ?? "");
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ sid: this.call.callSid, status: "in-progress" }));
    });
    await this.script(this.call, this.name);
  }

  async say(text: string): Promise<void> {
    const posted = await this.desk.server.rooms.postCustomerMessage({ sessionId: this.call.sessionId }, text, "speech_transcript");
    expect(posted, "the conversation is open").toBeDefined();
  }

  session(): Promise<{ status: string; path: string[] }> {
    return flowSession(this.desk.server, this.call.sessionId);
  }

  received(): string[] {
    return [...this.updates];
  }
}
