import { expect } from "vitest";
import { z } from "zod";
import { CallbackServer } from "../../sessions/test-support/callback-server";
import type { FlowJson } from "../../test-support/example-flows";
import { startTestServer, type TestServer } from "../../test-support/test-server";
import { callSessionId } from "./call-session-id";
import { callParams, FakeTwilio, newCallSid, TEST_ACCOUNT, type TwilioReply } from "./fake-twilio";
import { element } from "./twiml-reader";

export const PUBLIC_URL = "https://switchboard.example.test";

const SessionJson = z.object({
  id: z.string(),
  flowId: z.string(),
  channelType: z.string(),
  status: z.string(),
  stepCount: z.number(),
  endReason: z.string().nullable(),
  steps: z.array(z.object({ nodeId: z.string(), outcome: z.string().nullable(), input: z.string().nullable() })),
});
export type SessionJson = z.infer<typeof SessionJson>;

/**
 * A test server with PUBLIC_URL set and TWILIO_API_BASE_URL pointed at a local stand-in (which
 * also answers the flows' HTTP callbacks), plus helpers to publish flows and create channels.
 */
export class VoiceFixture {
  readonly provider = new CallbackServer();
  server!: TestServer;
  twilio!: FakeTwilio;

  /** `env`: more configuration for the server (METRICS_TOKEN, LOG_FORMAT…). */
  async start(env: Record<string, string> = {}): Promise<void> {
    await this.provider.listen();
    this.server = await startTestServer({ PUBLIC_URL, TWILIO_API_BASE_URL: this.provider.url, ...env });
    this.twilio = new FakeTwilio(this.server, PUBLIC_URL);
  }

  async stop(): Promise<void> {
    await this.provider.close();
    await this.server.stop();
  }

  async publish(flow: FlowJson): Promise<void> {
    const created = await this.server.api("POST", "/api/flows", flow);
    expect(created.status, created.text).toBe(201);
    const published = await this.server.api("POST", `/api/flows/${flow.id}/publish`, { note: "v1" });
    expect(published.status, published.text).toBe(201);
  }

  /** A twilio_voice channel on `flowId`, with the tests' account; returns its id. */
  async channel(flowId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await this.server.api("POST", "/api/channels", { type: "twilio_voice", name: `Line ${flowId}`, flowId, credentials: TEST_ACCOUNT, ...extra });
    expect(res.status, res.text).toBe(201);
    return z.object({ id: z.string() }).parse(res.body).id;
  }

  /**
   * Brings the demo agent (agent@example.com: sales, support, billing) online, so agent rooms
   * offer transfers instead of answering no_answer at once; returns how to take it offline.
   */
  async agentOnline(): Promise<() => void> {
    const users = z.array(z.object({ id: z.string(), email: z.string() })).parse((await this.server.api("GET", "/api/users")).body);
    const agent = users.find((user) => user.email === "agent@example.com");
    if (agent === undefined) throw new Error("the demo agent was not seeded");
    const socketId = `test-socket-${agent.id}`;
    this.server.rooms.presence.connect(agent.id, socketId);
    return () => this.server.rooms.presence.disconnect(socketId);
  }

  call(channelId: string, from = "+15557654321"): TestCall {
    return new TestCall(this, channelId, newCallSid(), from);
  }

  inboundCount(): Promise<number> {
    return this.server.store.inbound.count();
  }

  async session(sessionId: string): Promise<SessionJson> {
    const res = await this.server.api("GET", `/api/sessions/${sessionId}`);
    expect(res.status, res.text).toBe(200);
    return SessionJson.parse(res.body);
  }
}

/** One call, as Twilio would make it: every request carries the call's standard parameters. */
export class TestCall {
  constructor(
    private readonly fixture: VoiceFixture,
    readonly channelId: string,
    readonly callSid: string,
    private readonly from: string,
  ) {}

  /** The session the call runs in (once it has come in). */
  get sessionId(): string {
    return callSessionId(this.fixture.server, this.channelId, this.callSid);
  }

  get path(): string {
    return `/webhooks/twilio/voice/${this.channelId}`;
  }

  params(extra: Record<string, string> = {}): Record<string, string> {
    return callParams(this.callSid, { From: this.from, Caller: this.from, ...extra });
  }

  /** "A call comes in". */
  incoming(extra: Record<string, string> = {}): Promise<TwilioReply> {
    return this.fixture.twilio.post(this.path, this.params({ CallStatus: "ringing", ...extra }));
  }

  /** The caller answers the `<Gather>` of `twiml` (Digits, or SpeechResult + Confidence). */
  answer(twiml: string, input: Record<string, string>): Promise<TwilioReply> {
    return this.fixture.twilio.post(element(twiml, "Gather").attributes.action ?? "", this.params(input));
  }

  /** The caller enters nothing: Twilio runs the `<Redirect>` after the `<Gather>`. */
  silence(twiml: string): Promise<TwilioReply> {
    return this.fixture.twilio.post(element(twiml, "Redirect").text, this.params());
  }

  /** Twilio fetches the `<Enqueue waitUrl>` document. */
  hold(twiml: string): Promise<TwilioReply> {
    const url = element(twiml, "Enqueue").attributes.waitUrl ?? "";
    return this.fixture.twilio.post(url, this.params({ QueuePosition: "1", QueueSid: `QU${"0".repeat(32)}`, QueueTime: "0", AvgQueueTime: "0", CurrentQueueSize: "1" }));
  }

  /** A status callback. */
  status(callStatus: string): Promise<TwilioReply> {
    return this.fixture.twilio.post(`${this.path}/status`, this.params({ CallStatus: callStatus, CallDuration: "42", Timestamp: new Date().toUTCString() }));
  }
}
