import type { ConversationView } from "../../rooms/views";
import type { MediaPlane } from "../media-plane";
import type { LiveCall, MediaCalls } from "./media-calls";
import type { RoomPhone } from "./room-phone";

const GOODBYE = "Thank you for calling. Goodbye.";

/**
 * A media-plane call as a room's phone leg (`RoomPhone`): its prompts and queue music are its
 * `CallPlayout`'s, keys go out as RFC 4733, and when the room closes the call ends with it (a
 * call its agent placed), hears goodbye (after a hand-off: nothing else will speak to it), or
 * goes back to its flow, which waits on the room.
 */
export class CallPhone implements RoomPhone {
  readonly keysReachCaller = true;
  constructor(
    private readonly call: LiveCall,
    private readonly deps: { calls: Pick<MediaCalls, "get" | "hangup" | "sendDigits">; media: Pick<MediaPlane, "send"> },
    /** The call was placed by the room's agent (no flow behind it). */
    readonly outbound: boolean,
  ) {}

  get callId(): string {
    return this.call.callId;
  }

  get legId(): string {
    return this.call.legId;
  }

  get live(): boolean {
    return this.deps.calls.get(this.call.callId) !== undefined;
  }

  get ringing(): boolean {
    return this.call.ringback;
  }

  async quiet(): Promise<void> {
    this.call.playout.clear();
  }

  async waiting(audio: string): Promise<void> {
    this.call.playout.music(audio);
  }

  async roomClosed(conversation: ConversationView | undefined): Promise<void> {
    if (conversation?.closeReason === "customer_left") return;
    // A call the agent placed ends with the conversation; after a hand-off the flow has ended:
    // nothing else will speak to the caller, and the agent who closed it ended the call.
    if (this.outbound) await this.deps.calls.hangup(this.call.callId, "agent", "closed_by_agent");
    else if (conversation !== undefined && !conversation.flowWaiting) this.call.playout.perform([{ type: "prompt", nodeId: "room", text: GOODBYE }, { type: "end", reason: "transfer_handoff", disconnect: true }], () => "hold", "agent");
    else await this.deps.media.send({ type: "bridge.leave", legId: this.call.legId }).catch(() => undefined);
  }

  sendDigits(digits: string): Promise<void> {
    return this.deps.calls.sendDigits(this.call.callId, digits);
  }
}
