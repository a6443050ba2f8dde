import type { Priority } from "./room-types";
import { ApiRequestError } from "../api/api-client";
import { navigate } from "../router/router";
import { toast } from "../ui/toasts";
import { consoleApi, type InviteInput, type TransferTarget } from "./console-api";
import { useConsole } from "./console-store";

const store = () => useConsole.getState();

/** Where a conversation opens. */
export const roomPath = (conversationId: string): string => `/console/${encodeURIComponent(conversationId)}`;

/**
 * What an agent does, over REST: each answer goes into the store at once (the socket's frames
 * confirm it; the store keeps whichever is newer). Failures throw ApiRequestError for the caller
 * to show.
 */
export const consoleActions = {
  async accept(conversationId: string): Promise<void> {
    try {
      store().conversation(await consoleApi.accept(conversationId));
      store().dropOffer(conversationId);
      navigate(roomPath(conversationId));
    } catch (error) {
      // Lost the race, or the offer ended: it is gone either way.
      if (error instanceof ApiRequestError && error.status === 409) {
        store().dropOffer(conversationId);
        toast.info(error.message);
        return;
      }
      throw error;
    }
  },
  async decline(conversationId: string): Promise<void> {
    store().dropOffer(conversationId);
    try {
      await consoleApi.decline(conversationId);
    } catch (error) {
      if (!(error instanceof ApiRequestError && error.status === 409)) throw error;
    }
  },
  async loadRoom(conversationId: string): Promise<void> {
    store().room(await consoleApi.get(conversationId));
  },
  async catchUp(conversationId: string, after: number): Promise<void> {
    store().messages(conversationId, await consoleApi.messagesAfter(conversationId, after));
  },
  async send(conversationId: string, body: string): Promise<void> {
    const message = await consoleApi.send(conversationId, body);
    store().messages(conversationId, [message]);
    // The first message makes the agent a participant: show them.
    if (message.author !== null && !store().rooms[conversationId]?.participants.some((participant) => participant.id === message.author?.id)) {
      await consoleActions.loadRoom(conversationId);
    }
  },
  async hold(conversationId: string, onHold: boolean): Promise<void> {
    store().conversation(await consoleApi.hold(conversationId, onHold));
  },
  async close(conversationId: string, reason?: string): Promise<void> {
    store().conversation(await consoleApi.close(conversationId, reason));
  },
  async transfer(conversationId: string, target: TransferTarget): Promise<void> {
    store().conversation(await consoleApi.transfer(conversationId, target));
  },
  async invite(conversationId: string, input: InviteInput): Promise<void> {
    store().participant(conversationId, await consoleApi.invite(conversationId, input));
  },
  async setPriority(conversationId: string, priority: Priority): Promise<void> {
    store().conversation(await consoleApi.setPriority(conversationId, priority));
  },
  async assign(conversationId: string, agentId: string): Promise<void> {
    store().conversation(await consoleApi.assign(conversationId, agentId));
    await consoleActions.loadRoom(conversationId);
  },
  async setAvailability(availability: "available" | "away"): Promise<void> {
    const agent = await consoleApi.setAvailability(availability);
    const { me } = store();
    if (me?.id === agent.id) useConsole.setState({ me: { ...agent, online: me.online }, agents: { ...store().agents, [agent.id]: agent } });
  },
};
