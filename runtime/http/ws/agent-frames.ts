import { z } from "zod";
import { InsightsView } from "../../rooms/insights-view";
import { AgentView, Availability, ConversationView, MessageView, OfferView } from "../../rooms/views";

/**
 * The agent socket's protocol (`/ws/agent`), JSON text frames. Every server frame but
 * `heartbeat_ack` and `error` carries `seq`: per connection, the snapshot is 1, then +1 per
 * frame. A gap (or a new connection) means frames may have been missed: the snapshot (sent on
 * connect, and on `resync`) is the current state, and messages come from `GET
 * /api/conversations/:id/messages?after=<the last message id you have>`.
 */
const Seq = { seq: z.number().int().min(1) };

export const ServerFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("snapshot"),
    ...Seq,
    agent: AgentView,
    offers: z.array(OfferView),
    conversations: z.array(ConversationView).describe("The agent's active and on-hold conversations"),
  }),
  z.object({ type: z.literal("offer"), ...Seq, offer: OfferView }),
  z.object({ type: z.literal("offer_withdrawn"), ...Seq, conversationId: z.string(), reason: z.string() }),
  z.object({ type: z.literal("conversation_updated"), ...Seq, conversation: ConversationView }),
  z.object({ type: z.literal("conversation_deleted"), ...Seq, conversationId: z.string() }),
  z.object({ type: z.literal("message"), ...Seq, conversationId: z.string(), message: MessageView }),
  z.object({ type: z.literal("presence"), ...Seq, agent: AgentView }),
  /** A closed conversation's insights, written again (the assist provider's summary replaced the offline one). */
  z.object({ type: z.literal("insights"), ...Seq, conversationId: z.string(), insights: InsightsView }),
  z.object({ type: z.literal("heartbeat_ack"), at: z.string() }),
  /** The answer to `softphone_offer`: apply it to the softphone's RTCPeerConnection. */
  z.object({ type: z.literal("softphone_answer"), legId: z.string(), sdp: z.string() }),
  /** The softphone's leg: connecting, connected (calls can be bridged to it), ended (reconnect with a new offer). */
  z.object({ type: z.literal("softphone"), state: z.enum(["connecting", "connected", "ended"]), legId: z.string(), reason: z.string().optional() }),
  /**
   * The agent's softphone was put into a conversation's call (`joined`), or taken out of it. On a
   * Twilio caller's Media Stream `keysReachCaller` is false: Twilio carries no DTMF back to the caller.
   */
  z.object({ type: z.literal("softphone_call"), conversationId: z.string(), joined: z.boolean(), keysReachCaller: z.boolean() }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** A frame before its `seq` is assigned. */
export type EventFrame = Exclude<ServerFrame, { type: "heartbeat_ack" | "error" | "snapshot" | "softphone_answer" | "softphone" | "softphone_call" }> extends infer F ? (F extends { seq: number } ? Omit<F, "seq"> : never) : never;

export const ClientFrame = z.discriminatedUnion("type", [
  /** Every ~10 s; without one for 30 s the socket is closed (4408) and the agent may go offline. */
  z.object({ type: z.literal("heartbeat") }),
  z.object({ type: z.literal("set_availability"), availability: Availability }),
  /** Asks for a fresh snapshot. */
  z.object({ type: z.literal("resync") }),
  /** The softphone's SDP offer (ICE gathering complete): the server answers with `softphone_answer`, replacing any earlier leg. */
  z.object({ type: z.literal("softphone_offer"), sdp: z.string().min(1).max(60_000) }),
  /** Mutes or unmutes the softphone: the caller stops hearing the agent (the agent still hears the caller). */
  z.object({ type: z.literal("softphone_mute"), muted: z.boolean() }),
  /** Ends the softphone's leg (the agent turned voice off). */
  z.object({ type: z.literal("softphone_hangup") }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Close codes the server uses. */
export const CLOSE_CODES = { heartbeatTimeout: 4408, shuttingDown: 1001 } as const;
