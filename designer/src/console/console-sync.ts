import type { ServerFrame } from "../../../runtime/http/ws/agent-frames";
import { toast, toastError } from "../ui/toasts";
import { AgentConnection } from "./agent-connection";
import { playChime } from "./chime";
import { consoleActions } from "./console-actions";
import { consoleApi } from "./console-api";
import { catchUpPoints } from "./console-state";
import { useConsole } from "./console-store";
import { dialerActions } from "./dialer/dialer-actions";
import { useDialer } from "./dialer/dialer-store";
import { startSoftphone } from "./softphone/start-softphone";
import { isOwnWithdrawal, withdrawalReason } from "./withdrawal-reason";

/**
 * Brings the console live: opens /ws/agent and applies its frames to the store. After every
 * snapshot (connect, reconnect, resync) the snapshot is the truth, the open conversations are
 * listed again, and each loaded room fetches the messages after the last one it has, so a
 * reconnect loses none (the store dedupes by message id). The softphone (softphone/) rides on the
 * same socket. Returns how to stop.
 */
export function startConsole(): () => void {
  const line = new AgentConnection({
    onStatus: (status) => useConsole.getState().setSocket(status),
    onFrame: (frame) => {
      // The softphone's own frames (and errors about its offer) go to it.
      if (!softphone.receive(frame)) receive(line, frame);
    },
  });
  const softphone = startSoftphone((frame) => line.send(frame));
  line.start();
  consoleApi.teams().then((teams) => useConsole.getState().setTeams(teams), toastError);
  dialerActions.loadTrunks().catch(toastError);
  return () => {
    softphone.stop();
    line.stop();
    useConsole.getState().reset();
    useDialer.getState().reset();
  };
}

function receive(line: AgentConnection, frame: ServerFrame): void {
  const store = useConsole.getState();
  switch (frame.type) {
    case "heartbeat_ack":
    case "softphone_answer":
    case "softphone":
    case "softphone_call":
      return;
    case "error":
      toast.error(`Console: ${frame.message}`);
      return;
    case "snapshot": {
      const known = new Set(store.offers.map((offer) => offer.conversation.id));
      store.snapshot(frame);
      line.settled();
      if (frame.offers.some((offer) => !known.has(offer.conversation.id))) playChime();
      recover().catch(toastError);
      return;
    }
    default: {
      const gap = frame.seq !== store.lastSeq + 1;
      if (frame.type === "offer_withdrawn") announceWithdrawal(frame.conversationId, frame.reason);
      const isNewOffer = frame.type === "offer" && !store.offers.some((offer) => offer.conversation.id === frame.offer.conversation.id);
      store.frame(frame);
      if (isNewOffer) playChime();
      // Only a room's participants and assignee get its messages: one for a room we neither hold nor have
      // loaded means we were brought in (another agent added us to a call). Load it: it shows as our call.
      if (frame.type === "message" && store.rooms[frame.conversationId] === undefined && store.conversations[frame.conversationId]?.assigneeId !== store.me?.id) {
        consoleActions.loadRoom(frame.conversationId).catch(() => undefined);
      }
      // Frames were missed: ask for a fresh snapshot (recovery follows it).
      if (gap) line.send({ type: "resync" });
    }
  }
}

function announceWithdrawal(conversationId: string, reason: string): void {
  const offer = useConsole.getState().offers.find((candidate) => candidate.conversation.id === conversationId);
  if (offer === undefined || isOwnWithdrawal(reason)) return;
  toast.info(`Offer withdrawn: “${offer.conversation.subject}” — ${withdrawalReason(reason)}`);
}

/** After a snapshot: list the open conversations again and catch every loaded room up by message id. */
async function recover(): Promise<void> {
  const store = useConsole.getState();
  // The SIP trunks may have changed while we were away (the Call button follows them).
  dialerActions.loadTrunks().catch(() => undefined);
  const [list, agents] = await Promise.all([consoleApi.list("all"), consoleApi.agents()]);
  store.openList(list);
  store.agentList(agents);
  const listed = new Set(list.map((conversation) => conversation.id));
  await Promise.all(
    catchUpPoints(useConsole.getState()).map(async ({ conversationId, after }) => {
      try {
        useConsole.getState().messages(conversationId, await consoleApi.messagesAfter(conversationId, after));
        // Closed or moved while we were away: learn its state.
        if (!listed.has(conversationId)) useConsole.getState().room(await consoleApi.get(conversationId));
      } catch {
        // Deleted, or no longer ours to see: the list no longer shows it.
      }
    }),
  );
}
