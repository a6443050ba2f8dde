import { ApiError, fieldError } from "../../http/api-error";
import type { AgentLegs } from "../../media/calls/agent-legs";
import type { CallAgents } from "../../media/calls/call-agents";
import type { CallSignal, MediaCalls } from "../../media/calls/media-calls";
import { workable, viewable, type Actor } from "../../rooms/room-access";
import type { Rooms } from "../../rooms/rooms";
import { RoomsError } from "../../rooms/rooms-error";
import type { ConversationView } from "../../rooms/views";
import type { Store } from "../../store/open-store";
import type { ChannelOf } from "../channel-config";
import type { ChannelService } from "../channel-service";
import { ProviderApiError } from "../provider-api-error";
import { type CallPermission, callPermissionView, limitText } from "./call-permission";
import { readGraphCallPermissions, sendGraphMessage } from "./graph-api";
import type { WhatsAppCalls } from "./whatsapp-calls";

type WhatsAppChannel = ChannelOf<"whatsapp_cloud">;

export interface WhatsAppPlacedCallsDeps {
  channels: ChannelService;
  rooms: Rooms;
  calls: MediaCalls;
  callAgents: Pick<CallAgents, "attachOutbound">;
  agentLegs: Pick<AgentLegs, "ready">;
  store: Store;
  /** The WhatsApp driver's calls (they own the WhatsApp call ids and Meta's webhooks). */
  voice: WhatsAppCalls;
  /** `WHATSAPP_GRAPH_BASE_URL`. */
  graph: string;
  log(line: string): void;
}

/** What the user is asked (MEDIA.md 5.6) when the agent gives no text. */
export const DEFAULT_PERMISSION_TEXT = "We would like to call you on WhatsApp about your request. Do you allow us to call you?";

/** Meta's error code for a call without permission (MEDIA.md 5.3). */
const NO_PERMISSION_CODE = 138006;

/** How an unanswered call ended, as its conversation says it. */
const NOT_ANSWERED: Readonly<Record<string, (who: string) => string>> = {
  declined: (who) => `${who} declined the WhatsApp call`,
  no_answer: (who) => `${who} did not answer the WhatsApp call`,
  failed: (who) => `The WhatsApp call to ${who} failed`,
  canceled: (who) => `The WhatsApp call to ${who} was cancelled`,
  hangup: (who) => `The WhatsApp call to ${who} was cancelled before it was answered`,
};

const endNote = (who: string, signal: Extract<CallSignal, { state: "ended" }>, answeredAt: number | undefined, now: number): string => {
  if (answeredAt === undefined) return NOT_ANSWERED[signal.reason]?.(who) ?? `The WhatsApp call to ${who} ended before it was answered (${signal.reason})`;
  const seconds = Math.round((now - answeredAt) / 1000);
  const length = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return signal.hungUpBy === "caller" ? `${who} hung up the WhatsApp call after ${length}` : `The WhatsApp call with ${who} ended after ${length}`;
};

const providerError = (what: string, error: unknown): ApiError => {
  if (error instanceof ProviderApiError) return new ApiError(502, "provider_error", `${what}: ${error.message}`, { provider: "WhatsApp", status: error.status });
  return new ApiError(502, "provider_error", `${what}: ${error instanceof Error ? error.message : String(error)}`);
};

const roomsError = (error: unknown): unknown => (error instanceof RoomsError ? new ApiError(error.status, error.code, error.message, error.details) : error);

/**
 * Business-initiated WhatsApp calls from the console (MEDIA.md 5.6; seed 003: "agents can place
 * outbound calls to contacts from the chat view"): the user's call permission read from Meta, the
 * permission request sent as an interactive message, and an agent's call placed only when Meta
 * says `start_call` can be performed (read at call time). The call is bridged to the agent's
 * softphone like a SIP call they placed, in the WhatsApp conversation they are in (its chat goes
 * on; the call's progress and outcome are lines for the agents only) or in a conversation opened
 * for it, which closes with the outcome.
 */
export class WhatsAppPlacedCalls {
  private readonly now = Date.now;

  constructor(private readonly deps: WhatsAppPlacedCallsDeps) {}

  /** The WhatsApp Cloud channel `channelId` (404, 422 for another type; `field` names it in refusals). */
  async channel(channelId: string, field = "body.channelId"): Promise<WhatsAppChannel> {
    const channel = await this.deps.channels.get(channelId);
    if (channel === undefined) throw fieldError(404, "channel_not_found", field, `channel ${channelId} does not exist`);
    if (channel.type !== "whatsapp_cloud") throw fieldError(422, "not_whatsapp", field, `channel ${channel.name} is a ${channel.type} channel, not WhatsApp Cloud`);
    return channel;
  }

  /** The user's call permission as Meta reports it now (502 when Meta refuses or cannot be reached). */
  async permission(channel: WhatsAppChannel, contact: string): Promise<CallPermission> {
    let graph;
    try {
      graph = await readGraphCallPermissions(channel, contact, this.deps.graph);
    } catch (error) {
      throw providerError(`reading +${contact}'s call permission from WhatsApp failed`, error);
    }
    return callPermissionView(graph, { channelId: channel.id, contact, callingEnabled: channel.enabled && channel.settings.calling?.enabled === true });
  }

  /** The call permission of a WhatsApp conversation's customer (anyone who may see the conversation). */
  async ofConversation(actor: Actor, conversationId: string): Promise<CallPermission> {
    const { channel, contact } = await this.whatsappConversation(await viewable(this.deps.store, actor, conversationId));
    return this.permission(channel, contact);
  }

  /**
   * Asks the conversation's customer to allow calls: the interactive `call_permission_request`
   * message (MEDIA.md 5.6), when Meta says one may be sent now (409 `permission_request_limit`
   * with the limit otherwise). Their reply arrives as a webhook and is a line in the conversation.
   */
  async askPermission(actor: Actor, conversationId: string, text?: string): Promise<CallPermission> {
    const conversation = await workable(this.deps.store, actor, conversationId, "ask the customer to allow calls in");
    const { channel, contact } = await this.whatsappConversation(conversation);
    const permission = await this.permission(channel, contact);
    if (!permission.requestPermission.allowed) {
      const limit = limitText(permission.requestPermission.limits);
      throw new ApiError(409, "permission_request_limit", `WhatsApp allows no call permission request to +${contact} now${limit === "" ? "" : ` (${limit})`}`, { permission });
    }
    const body = {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: contact,
      type: "interactive",
      interactive: { type: "call_permission_request", action: { name: "call_permission_request" }, body: { text: (text ?? DEFAULT_PERMISSION_TEXT).slice(0, 1024) } },
    };
    try {
      await sendGraphMessage(channel, body, this.deps.graph);
    } catch (error) {
      throw providerError(`asking +${contact} to allow calls failed`, error);
    }
    await this.deps.rooms.agentNote(conversation.id, `${actor.name} asked the customer to allow WhatsApp calls`);
    return permission;
  }

  /**
   * An agent's call to a WhatsApp user (`POST /api/calls` with a whatsapp_cloud channel): refused
   * (nothing placed) when calling is off on the channel (409 `calling_disabled`), the user has not
   * allowed calls (409 `no_call_permission`) or Meta's limit is reached (409 `call_limit_reached`),
   * the agent has no softphone (409 `softphone_not_connected`), or an API key names no agent.
   */
  async forAgent(actor: Actor, input: { channelId: string; to: string; agentId?: string; timeoutSeconds?: number; conversationId?: string }): Promise<{ callId: string; conversationId: string }> {
    const agentId = input.agentId ?? actor.userId;
    if (agentId === null) throw fieldError(400, "agent_required", "body.agentId", "a WhatsApp call is an agent's call: name the agent whose softphone takes it");
    if (actor.userId !== null && actor.role !== "admin" && agentId !== actor.userId) throw fieldError(403, "forbidden", "body.agentId", "an agent places calls for themselves only");
    const user = await this.deps.store.users.getUser(agentId);
    if (user === undefined || user.disabledAt !== null) throw fieldError(404, "agent_not_found", "body.agentId", `agent ${agentId} does not exist`);
    const channel = await this.channel(input.channelId);
    if (!channel.enabled) throw fieldError(409, "channel_disabled", "body.channelId", `channel ${channel.name} is disabled`);
    if (channel.settings.calling?.enabled !== true) {
      throw fieldError(409, "calling_disabled", "body.channelId", `WhatsApp calling is off on channel ${channel.name}`, "turn on 'Take WhatsApp calls' in Settings → Channels");
    }
    const contact = input.to.replace(/^\+/, "");
    const existing = input.conversationId === undefined ? undefined : await this.callableConversation(actor, agentId, input.conversationId, channel, contact);
    if (this.deps.agentLegs.ready(agentId) === undefined) {
      throw fieldError(409, "softphone_not_connected", input.agentId === undefined ? "body" : "body.agentId", `${user.name} has no softphone connected: turn Voice on in the console (Available) to place calls`);
    }
    const permission = await this.permission(channel, contact);
    if (!permission.startCall.allowed) {
      if (permission.status === "no_permission") {
        throw fieldError(409, "no_call_permission", "body.to", `+${contact} has not allowed calls from this business on WhatsApp`, "ask them first: POST /api/conversations/{id}/call-permission-request");
      }
      const limit = limitText(permission.startCall.limits);
      throw fieldError(409, "call_limit_reached", "body.to", `WhatsApp allows no call to +${contact} now${limit === "" ? "" : ` (${limit})`}`);
    }

    const { rooms, calls } = this.deps;
    const conversation = existing ?? (await rooms.openOutbound({ userId: agentId, name: user.name, role: user.role }, { channelType: "whatsapp_cloud", channelId: channel.id, contact }));
    const who = `+${contact}`;
    const note = (text: string) => {
      rooms.agentNote(conversation.id, text).catch((error: unknown) => this.deps.log(`whatsapp: conversation ${conversation.id}: ${String(error)}`));
    };
    let answeredAt: number | undefined;
    let endTold = false;
    let placed;
    try {
      placed = await this.deps.voice.place({
        channel,
        graph: this.deps.graph,
        to: contact,
        ...(input.timeoutSeconds === undefined ? {} : { ringTimeoutMs: input.timeoutSeconds * 1000 }),
        note,
        log: this.deps.log,
        beforeConnect: async (callId) => {
          calls.watch(callId, (signal) => {
            if (signal.state === "connected") {
              answeredAt = this.now();
              return;
            }
            endTold = true;
            const text = endNote(who, signal, answeredAt, this.now());
            if (existing !== undefined) note(text);
            else rooms.closeFromChannel(conversation.id, answeredAt === undefined ? signal.reason : "completed", text).catch((error: unknown) => this.deps.log(`whatsapp: call ${callId}: room: ${String(error)}`));
          });
          await calls.linkConversation(callId, conversation.id);
          const live = calls.get(callId);
          if (live !== undefined) this.deps.callAgents.attachOutbound(conversation, live);
        },
      });
    } catch (error) {
      if (existing === undefined && !endTold) await rooms.closeFromChannel(conversation.id, "failed", `The WhatsApp call to ${who} could not be placed`).catch(() => undefined);
      if (error instanceof ProviderApiError && error.body.includes(String(NO_PERMISSION_CODE))) {
        throw fieldError(409, "no_call_permission", "body.to", `WhatsApp refused the call: ${who} has not allowed calls from this business (error ${NO_PERMISSION_CODE})`);
      }
      if (error instanceof ApiError) throw error;
      throw providerError(`placing the WhatsApp call to ${who} failed`, error);
    }
    note(`${user.name} is calling ${who} on WhatsApp`);
    return { callId: placed.callId, conversationId: conversation.id };
  }

  /** A WhatsApp conversation's channel and contact (422 `not_whatsapp` for another). */
  private async whatsappConversation(conversation: { id: string; channelType: string; channelId: string | null; contact: string | null }): Promise<{ channel: WhatsAppChannel; contact: string }> {
    if (conversation.channelType !== "whatsapp_cloud" || conversation.channelId === null || conversation.contact === null) {
      throw new ApiError(422, "not_whatsapp", `conversation ${conversation.id} is not a WhatsApp Cloud conversation: only WhatsApp users can be called from it`);
    }
    return { channel: await this.channel(conversation.channelId, "conversation"), contact: conversation.contact };
  }

  /** The WhatsApp conversation the call goes into: the placing agent's, open, with this user on this channel. */
  private async callableConversation(actor: Actor, agentId: string, conversationId: string, channel: WhatsAppChannel, contact: string): Promise<ConversationView> {
    let detail;
    try {
      await workable(this.deps.store, actor, conversationId, "place a call in");
      detail = await this.deps.rooms.get(actor, conversationId);
    } catch (error) {
      throw roomsError(error);
    }
    const conversation = detail.conversation;
    if (conversation.channelType !== "whatsapp_cloud" || conversation.channelId !== channel.id || conversation.contact !== contact) {
      throw fieldError(422, "conversation_mismatch", "body.conversationId", `conversation ${conversationId} is not the WhatsApp conversation of +${contact} on channel ${channel.name}`);
    }
    if (conversation.status !== "active" || conversation.assigneeId !== agentId) {
      throw fieldError(409, "conversation_not_active", "body.conversationId", `conversation ${conversationId} must be active and assigned to the agent placing the call`);
    }
    if (this.deps.calls.forConversation(conversationId) !== undefined) throw fieldError(409, "call_in_progress", "body.conversationId", `conversation ${conversationId} already has a call`);
    return conversation;
  }
}
