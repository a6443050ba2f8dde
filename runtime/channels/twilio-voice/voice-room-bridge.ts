import type { EventBus } from "../../rooms/event-bus";
import type { RoomEvent } from "../../rooms/room-events";
import type { ConversationView } from "../../rooms/views";
import type { Channel } from "../channel-config";
import { type DriverContext, isChannelOf } from "../channel-driver";
import type { TwilioVoiceDriver } from "./twilio-voice-driver";

const VOICE = "twilio_voice";

export interface VoiceRoomBridgeOptions {
  /**
   * Also deliver room messages (agents', chat customers') to the conversation's voice participants,
   * the way `runtime/channels/room-fanout.ts` does for every customer. Set it to false once that
   * fan-out runs, or each message would be said twice.
   */
  forwardMessages: boolean;
}

/**
 * The voice side of agent rooms, driven by the rooms' domain events (only for conversations with
 * a Twilio voice call in them):
 * - `conversation.updated` → the calls follow the status (accept: out of the queue into the speech
 *   loop with "You are now connected with …"; hold / resume; a transfer back to the queue: hold
 *   music; closed: see VoiceRoom.closed); `conversation.deleted` ends its invited calls likewise
 *   (the ones known in this process: the store's went with the conversation);
 * - `conversation.participant_invited` with `call` → an outbound call that joins the room;
 * - `conversation.message` (with `forwardMessages`) → `driver.deliver`, as the fan-out would.
 *
 * Events of one conversation are handled one after the other, in the order published (a message
 * written right after the accept is said after "You are now connected").
 */
export class VoiceRoomBridge {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly driver: TwilioVoiceDriver,
    private readonly context: DriverContext,
    private readonly options: VoiceRoomBridgeOptions,
  ) {}

  /** Returns a function that unsubscribes. */
  subscribe(bus: EventBus<RoomEvent>): () => void {
    return bus.subscribe((event) => this.handle(event));
  }

  /** Resolves when the events received so far have been handled (tests). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  private handle(event: RoomEvent): void {
    switch (event.type) {
      case "conversation.updated":
        this.then(event.conversation.id, async () => {
          if (await this.concerns(event.conversation)) await this.driver.room.follow(event.conversation.id, this.context);
        });
        return;
      case "conversation.participant_invited":
        if (event.call && event.participant.channel === VOICE) this.then(event.conversation.id, () => this.driver.invites.dial(event.conversation.id, event.participant.id, this.context));
        return;
      case "conversation.deleted":
        if (this.driver.room.legs.inConversation(event.conversationId).length > 0) this.then(event.conversationId, () => this.driver.room.follow(event.conversationId, this.context));
        return;
      case "conversation.message":
        if (this.options.forwardMessages) {
          this.then(event.conversation.id, async () => {
            if (await this.concerns(event.conversation)) await this.forward(event);
          });
        }
        return;
      default:
        return;
    }
  }

  /**
   * A conversation of a voice caller, or one a call was placed into: known here, or (after a
   * restart) a participant's call stored with them (`call_sid`).
   */
  private async concerns(conversation: ConversationView): Promise<boolean> {
    if (conversation.channelType === VOICE || this.driver.room.legs.inConversation(conversation.id).length > 0) return true;
    const participants = await this.context.store.rooms.messages.participants(conversation.id);
    return participants.some((participant) => participant.channel === VOICE && participant.leftAt === null && participant.callSid !== null);
  }

  /** What the fan-out does for voice: every other customer on a call gets the words (system messages are the driver's to skip). */
  private async forward(event: Extract<RoomEvent, { type: "conversation.message" }>): Promise<void> {
    const { conversation, message } = event;
    if (message.author?.channel === VOICE) return; // what a caller said is not read back into calls
    const participants = await this.context.store.rooms.messages.participants(conversation.id);
    for (const participant of participants) {
      if (participant.channel !== VOICE || participant.role !== "customer" || participant.leftAt !== null) continue;
      // The driver says it into the leg's own channel; this one only has to be a twilio_voice channel.
      const channelId = this.driver.room.legs.get(participant.id)?.channelId ?? (conversation.channelType === VOICE ? conversation.channelId : null);
      const channel = channelId === null ? await this.anyVoiceChannel() : await this.context.channels.get(channelId);
      if (channel === undefined || !isChannelOf(channel, VOICE)) continue;
      await this.driver.deliver(
        {
          kind: "message",
          conversationId: conversation.id,
          sessionId: conversation.sessionId,
          address: participant.address,
          message: { kind: message.kind, body: message.body, authorName: message.author?.displayName ?? null },
        },
        channel,
        this.context,
      );
    }
  }

  private async anyVoiceChannel(): Promise<Channel | undefined> {
    const record = (await this.context.channels.listRecords()).find((candidate) => candidate.type === VOICE && candidate.enabled);
    return record === undefined ? undefined : this.context.channels.get(record.id);
  }

  private then(conversationId: string, task: () => Promise<void>): void {
    const previous = this.chains.get(conversationId) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      this.context.log(`twilio_voice: conversation ${conversationId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    this.chains.set(conversationId, next);
    void next.finally(() => {
      if (this.chains.get(conversationId) === next) this.chains.delete(conversationId);
    });
  }
}
