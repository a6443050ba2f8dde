import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { z } from "zod";
import { WeriftPeer } from "../../../media/test-support/werift-peer";
import { pollUntil } from "../../../test-support/api-client";
import { GRAPH_VERSION, WHATSAPP, whatsappPost } from "../../conformance/chat-cases";
import type { ChatFixture } from "../../conformance/chat-fixture";
import type { CapturedRequest } from "../../conformance/provider-stand-in";
import type { AgentClient } from "../../../rooms/test-support/agent-client";

/** The Graph calls endpoint of the tests' WhatsApp number. */
export const CALLS_PATH = `/${GRAPH_VERSION}/${WHATSAPP.phoneNumberId}/calls`;

/** A call action as our side posts it to Graph (MEDIA.md 5.3). */
export const CallAction = z.object({
  messaging_product: z.literal("whatsapp"),
  call_id: z.string(),
  action: z.enum(["pre_accept", "accept", "reject", "terminate"]),
  session: z.object({ sdp_type: z.literal("answer"), sdp: z.string() }).optional(),
});
export type CallAction = z.infer<typeof CallAction>;

const CallRow = z.object({ id: z.string(), state: z.string(), session_id: z.string().nullable(), hung_up_by: z.string().nullable(), end_reason: z.string().nullable(), answered_at: z.number().nullable() });
export type CallRow = z.infer<typeof CallRow>;

export const newWacid = (): string => `wacid.${randomBytes(24).toString("base64url")}`;
export const newUser = (): string => `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
export const nowSeconds = (): string => String(Math.floor(Date.now() / 1000));

/** A `calls` change as Meta sends it (MEDIA.md 5.2). */
export function callsPayload(calls: unknown[], options: { from?: string; statuses?: unknown[] } = {}) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "calls",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550001234", phone_number_id: WHATSAPP.phoneNumberId },
              ...(options.from === undefined ? {} : { contacts: [{ profile: { name: "Dana" }, wa_id: options.from }] }),
              ...(calls.length === 0 ? {} : { calls }),
              ...(options.statuses === undefined ? {} : { statuses: options.statuses }),
            },
          },
        ],
      },
    ],
  };
}

export const connectEvent = (wacid: string, from: string, sdp: string, timestamp = nowSeconds()) => ({
  id: wacid,
  from,
  to: "15550001234",
  event: "connect",
  timestamp,
  direction: "USER_INITIATED",
  session: { sdp_type: "offer", sdp },
});
export const terminateEvent = (wacid: string, from: string, extra: Record<string, unknown> = {}) => ({
  id: wacid,
  from,
  to: "15550001234",
  event: "terminate",
  timestamp: nowSeconds(),
  direction: "USER_INITIATED",
  status: "COMPLETED",
  ...extra,
});

/** A user's call as WhatsApp makes it: the werift peer playing Meta, the call id, the user, our answer and the SDP our accept carried. */
export interface MetaCall {
  peer: WeriftPeer;
  wacid: string;
  from: string;
  answerSdp: string;
  acceptSdp: string | undefined;
}

/**
 * WhatsApp's side of calls to one `whatsapp_cloud` channel of a `ChatFixture`: the Graph API
 * stand-in's record of our call actions, and a real WebRTC peer shaped like Meta (werift: ICE-lite,
 * actpass, `a=mid:audio`, Opus 111 + telephone-event 126/8000) that sends its offer in a signed
 * `connect` webhook, applies the answer of our `pre_accept` and connects ICE/DTLS as Meta would.
 */
export class MetaCalling {
  constructor(
    private readonly fx: ChatFixture,
    private readonly channelId: () => string,
  ) {}

  /** Our call actions for one WhatsApp call id, in order. */
  actionsFor(wacid: string): CallAction[] {
    return this.fx.standIn
      .to(CALLS_PATH)
      .map((request: CapturedRequest) => CallAction.parse(JSON.parse(request.body)))
      .filter((action) => action.call_id === wacid);
  }

  /** The media plane's call rows of calls from `from` on the channel. */
  callRows(from: string): CallRow[] {
    return z.array(CallRow).parse(this.fx.server.store.database.sqlite.prepare("SELECT * FROM calls WHERE channel_id = ? AND from_address = ?").all(this.channelId(), from));
  }

  /** Posts Meta's signed webhook with these call events. */
  post(calls: unknown[], options: { from?: string; statuses?: unknown[] } = {}) {
    return this.fx.post(whatsappPost(this.channelId(), callsPayload(calls, options)));
  }

  /** A user calls: Meta's offer in a `connect`, our `pre_accept` answered and applied, ICE/DTLS up, our `accept` seen. */
  async call(from = newUser()): Promise<MetaCall> {
    const peer = await WeriftPeer.offer({ shape: "meta" });
    const wacid = newWacid();
    const answer = await this.post([connectEvent(wacid, from, peer.offerSdp)], { from });
    expect(answer.status).toBe(200);
    const preAccept = await pollUntil(async () => this.actionsFor(wacid).find((action) => action.action === "pre_accept"), 10_000, () => `no pre_accept for ${wacid}: ${JSON.stringify(this.actionsFor(wacid))}`);
    const sdp = preAccept.session?.sdp ?? "";
    await peer.applyAnswer(sdp);
    await peer.waitForConnected(15_000);
    const accept = await pollUntil(async () => this.actionsFor(wacid).find((action) => action.action === "accept"), 15_000, () => `no accept for ${wacid}`);
    return { peer, wacid, from, answerSdp: sdp, acceptSdp: accept.session?.sdp };
  }

  /** The session the call from `from` runs its flow in. */
  sessionOfCall(from: string): Promise<string> {
    return pollUntil(async () => this.callRows(from)[0]?.session_id ?? undefined, 15_000, () => `no session for the call from ${from}`);
  }

  /** The session's steps as `node:outcome`. */
  async path(sessionId: string): Promise<string[]> {
    return (await this.fx.server.store.sessions.listSteps(sessionId)).map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
  }

  /** Waits until the session has taken `step` (`node:outcome`). */
  async reaches(sessionId: string, step: string, ms = 20_000): Promise<void> {
    let last: string[] = [];
    await pollUntil(
      async () => {
        last = await this.path(sessionId);
        return last.includes(step) ? true : undefined;
      },
      ms,
      () => `path ${last.join(" ")}`,
    );
  }

  /**
   * A user's call that asks for an agent: it plays 440 Hz, waits at the voice desk's menu, keys 1
   * (to the support team), and resolves with the offer that reaches `agent`.
   */
  async callForAgent(agent: AgentClient): Promise<{ call: MetaCall; sessionId: string; conversationId: string }> {
    const call = await this.call();
    try {
      call.peer.play(440);
      const sessionId = await this.sessionOfCall(call.from);
      await this.reaches(sessionId, "main:waiting");
      await call.peer.sendDigits("1", { toneMs: 120 });
      const offer = await agent.next("offer", () => true, 15_000);
      return { call, sessionId, conversationId: offer.offer.conversation.id };
    } catch (error) {
      await call.peer.close();
      throw error;
    }
  }
}
