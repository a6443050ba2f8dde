import { expect } from "vitest";
import { z } from "zod";
import { FakeTwilio } from "../../runtime/channels/test-support/fake-twilio";
import { PUBLIC_URL, VoiceFixture } from "../../runtime/channels/test-support/voice-fixture";
import { alwaysOpenSupportLine, exampleFlow, type FlowJson, withNodeData } from "../../runtime/test-support/example-flows";
import { startTestServer } from "../../runtime/test-support/test-server";
import { ADMIN } from "./admin";

export interface DeskAgent {
  id: string;
  name: string;
  email: string;
  password: string;
}

const Created = z.object({ id: z.string() });

/**
 * The agent console's test desk: the real server (admin credentials, Twilio's API pointed at a
 * local stand-in), two twilio_voice lines — examples/support-line.json open around the clock
 * (transfers to `support`) and examples/account-balance.json (its balance lookup answered by the
 * stand-in; transfers to `billing`) — web chat channels on demand, and agents created through the
 * admin API.
 */
export class ConsoleDesk {
  readonly voice = new VoiceFixture();
  /** The support line's channel. */
  channelId = "";
  /** The account balance line's channel. */
  balanceChannelId = "";

  get server() {
    return this.voice.server;
  }

  async start(): Promise<void> {
    await this.voice.provider.listen();
    this.voice.server = await startTestServer({ PUBLIC_URL, TWILIO_API_BASE_URL: this.voice.provider.url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    this.voice.twilio = new FakeTwilio(this.voice.server, PUBLIC_URL);
    await this.voice.publish(alwaysOpenSupportLine("console-support-line", { name: "Console support line" }));
    this.channelId = await this.voice.channel("console-support-line");
    const balance = exampleFlow("account-balance");
    await this.voice.publish(withNodeData({ ...balance, id: "console-balance-line", name: "Console balance line" }, "lookup", { url: `${this.voice.provider.url}/accounts/{{vars.account_number}}/balance` }));
    this.voice.provider.reply("/accounts/12345678/balance", { status: 200, body: JSON.stringify({ balance: 42.5, due_date: "July 1" }) });
    this.balanceChannelId = await this.voice.channel("console-balance-line");
  }

  stop(): Promise<void> {
    return this.voice.stop();
  }

  /** Creates and publishes a flow. */
  publish(flow: FlowJson): Promise<void> {
    return this.voice.publish(flow);
  }

  /** A web chat channel on `flowId` for pages on `origins`; returns its id. */
  async webchatChannel(flowId: string, origins: string[]): Promise<string> {
    const created = await this.server.api("POST", "/api/channels", { type: "webchat", name: `Web chat ${flowId}`, flowId, settings: { allowedOrigins: origins } });
    expect(created.status, created.text).toBe(201);
    return Created.parse(created.body).id;
  }

  /** A user with the agent role, member of `team`. */
  async agent(name: string, team = "support"): Promise<DeskAgent> {
    const email = `${name.toLowerCase().replaceAll(" ", ".")}@acme.test`;
    const password = `${name} password`;
    const created = await this.server.api("POST", "/api/users", { email, name, role: "agent", password });
    expect(created.status, created.text).toBe(201);
    const agent = { id: Created.parse(created.body).id, name, email, password };
    await this.join(agent, team);
    return agent;
  }

  /** Adds the agent to another team. */
  async join(agent: DeskAgent, team: string): Promise<void> {
    const member = await this.server.api("POST", `/api/teams/${team}/members`, { userId: agent.id });
    expect(member.status, member.text).toBe(200);
  }
}
