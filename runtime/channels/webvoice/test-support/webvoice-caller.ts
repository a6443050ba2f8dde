import { z } from "zod";
import { WeriftPeer } from "../../../media/test-support/werift-peer";
import { ConversationView } from "../../../rooms/views";
import { pollUntil } from "../../../test-support/api-client";
import type { TestServer } from "../../../test-support/test-server";
import { webvoiceSocketUrl } from "../webvoice-driver";
import { WebvoiceClient } from "./webvoice-client";

const CallRow = z.object({ session_id: z.string().nullable() });

/**
 * A browser caller on a webvoice channel, played by a werift peer (what it hears is decoded,
 * the RFC 4733 events it receives are kept): dials through /ws/webvoice/:channelId as a page of
 * `origin`, waits for a flow's menu, presses keys, and finds the conversation its transfer opened.
 */
export class WebvoiceCaller {
  private constructor(
    private readonly server: TestServer,
    readonly client: WebvoiceClient,
    readonly peer: WeriftPeer,
    readonly callId: string,
  ) {}

  /** Places the call (`visitor`: the widget's visitor id, the caller's address) and waits until it is connected. */
  static async dial(server: TestServer, channelId: string, origin: string, visitor: string): Promise<WebvoiceCaller> {
    const opened = await WebvoiceClient.open(webvoiceSocketUrl(server.url, channelId), origin);
    if (!opened.ok) throw new Error(`the webvoice socket was refused: ${opened.status}`);
    const { client } = opened;
    await client.next("ready");
    const peer = await WeriftPeer.offer();
    client.send({ type: "call", sdp: peer.offerSdp, visitor });
    const answer = await client.next("answer");
    await peer.applyAnswer(answer.sdp);
    // ICE and DTLS with werift take ~1.2 s, much more on a loaded machine (as webvoice-call.test.ts waits).
    await client.next("connected", () => true, 30_000);
    return new WebvoiceCaller(server, client, peer, answer.callId);
  }

  async sessionId(): Promise<string> {
    return pollUntil(async () => CallRow.parse(this.server.store.database.sqlite.prepare("SELECT session_id FROM calls WHERE id = ?").get(this.callId)).session_id ?? undefined, 10_000, () => `call ${this.callId} has no session`);
  }

  /** Waits until the flow's menu `nodeId` waits for a key (a key pressed during the greeting only interrupts it). */
  async menuWaits(nodeId = "main"): Promise<void> {
    const sessionId = await this.sessionId();
    await pollUntil(
      async () => ((await this.server.store.sessions.listSteps(sessionId)).some((step) => step.nodeId === nodeId && step.outcome === "waiting") ? true : undefined),
      20_000,
      () => `menu ${nodeId} never waited`,
    );
  }

  /** Presses `key` at the menu (voice-desk-flow.ts: 1 for an agent) and resolves with the waiting conversation its transfer opened. */
  async askForAgent(key = "1"): Promise<ConversationView> {
    await this.menuWaits();
    await this.peer.sendDigits(key, { toneMs: 120 });
    const sessionId = await this.sessionId();
    let seen: ConversationView[] = [];
    return pollUntil(
      async () => {
        seen = z.array(ConversationView).parse((await this.server.api("GET", "/api/conversations?view=all")).body);
        return seen.find((conversation) => conversation.sessionId === sessionId && conversation.status === "waiting");
      },
      20_000,
      () => `no waiting conversation for session ${sessionId}: ${seen.map((conversation) => `${conversation.channelType} ${conversation.status}`).join(", ")}`,
    );
  }

  async hangUp(): Promise<void> {
    await this.client.close();
    await this.peer.close();
  }
}
