import { useEffect, useId, useState } from "react";
import type { CallPermission } from "../../../runtime/channels/whatsapp-cloud/call-permission";
import type { ConversationView } from "../../../runtime/rooms/views";
import { useCallsOf } from "../call-logs/use-calls-of";
import { toastError } from "../ui/toasts";
import { consoleApi } from "./console-api";
import { dialErrorOf } from "./dialer/dial-error";
import { useSoftphone } from "./softphone/softphone-store";

/** A limit in words: "1 of 1 per 24h used, again at 14:05". */
function limitWords(limits: CallPermission["startCall"]["limits"]): string {
  const limit = limits.find((candidate) => candidate.maxAllowed !== null && candidate.used !== null && candidate.used >= candidate.maxAllowed) ?? limits[0];
  if (limit === undefined) return "";
  const period = limit.period === null ? "" : ` per ${limit.period.replace(/^PT?/, "").toLowerCase()}`;
  const count = limit.maxAllowed === null ? "" : `${limit.used ?? "?"} of ${limit.maxAllowed}${period} used`;
  const again = limit.resetsAt === null ? "" : `again at ${new Date(limit.resetsAt).toLocaleString()}`;
  return [count, again].filter((part) => part !== "").join(", ");
}

/** What the panel says about calling this customer, and what it lets the agent do. */
function stateOf(permission: CallPermission): { canCall: boolean; canAsk: boolean; text: string } {
  if (!permission.callingEnabled) return { canCall: false, canAsk: false, text: "WhatsApp calling is off on this channel (Settings → Channels: Take WhatsApp calls)." };
  if (permission.startCall.allowed) {
    const until = permission.status === "temporary" && permission.expiresAt !== null ? ` until ${new Date(permission.expiresAt).toLocaleString()}` : "";
    return { canCall: true, canAsk: false, text: `The customer allows calls${until}.` };
  }
  if (permission.status === "no_permission") {
    const limit = permission.requestPermission.allowed ? "" : ` You cannot ask again yet (${limitWords(permission.requestPermission.limits)}).`;
    return { canCall: false, canAsk: permission.requestPermission.allowed, text: `This customer has not allowed calls.${limit}` };
  }
  return { canCall: false, canAsk: false, text: `WhatsApp allows no call to this customer now (${limitWords(permission.startCall.limits)}).` };
}

/**
 * A WhatsApp conversation's Call button (business-initiated calls, MEDIA.md 5.6): the customer's
 * call permission is read from Meta when the room opens and again as its lines change (their
 * answer to a request arrives as a line). On when they allow calls and the softphone is
 * connected; otherwise it says why, with "Ask to allow calls" while a request may be sent. During
 * the call: its state and Hang up (the chat stays open); the outcome is a line in the room.
 */
export function WhatsAppCall({ conversation }: { conversation: ConversationView }) {
  const [permission, setPermission] = useState<CallPermission | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const voice = useSoftphone((store) => store.status);
  const whyId = useId();
  const calls = useCallsOf({ conversationId: conversation.id }, conversation.lastMessageId);
  const live = calls?.find((call) => call.state !== "ended");
  const reloadKey = `${conversation.id}|${conversation.lastMessageId}`;
  useEffect(() => {
    let cancelled = false;
    consoleApi.callPermission(conversation.id).then(
      (loaded) => {
        if (cancelled) return;
        setPermission(loaded);
        setProblem(null);
      },
      (error: unknown) => {
        if (!cancelled) setProblem(`Cannot read the customer's call permission: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [reloadKey]);

  if (live !== undefined) {
    return (
      <div className="whatsapp-call" role="group" aria-label="WhatsApp call">
        <span className="whatsapp-call-status" role="status">
          {live.state === "ringing" ? "Calling on WhatsApp…" : "On a WhatsApp call"}
        </span>
        <button
          type="button"
          className="button button-danger-solid button-small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            consoleApi
              .hangupCall(live.id)
              .catch(toastError)
              .finally(() => setBusy(false));
          }}
        >
          Hang up call
        </button>
      </div>
    );
  }
  const state = permission === undefined ? undefined : stateOf(permission);
  const softphoneReason = voice === "connected" ? null : "Your softphone is not connected: wait for “Voice: connected” to call.";
  const canCall = state?.canCall === true && softphoneReason === null && !busy;
  const why = problem ?? state?.text ?? "Reading the customer's call permission…";
  return (
    <div className="whatsapp-call" role="group" aria-label="WhatsApp call">
      <span id={whyId} className="whatsapp-call-status muted small" role="status">
        {why}
        {state?.canCall === true && softphoneReason !== null ? ` ${softphoneReason}` : ""}
      </span>
      {state?.canAsk === true && (
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            consoleApi
              .askCallPermission(conversation.id)
              .then(setPermission)
              .catch(toastError)
              .finally(() => setBusy(false));
          }}
        >
          Ask to allow calls
        </button>
      )}
      <button
        type="button"
        className="button button-primary button-small"
        aria-disabled={!canCall}
        aria-describedby={canCall ? undefined : whyId}
        onClick={() => {
          if (!canCall || conversation.channelId === null || conversation.contact === null) return;
          setBusy(true);
          consoleApi
            .placeCall({ channelId: conversation.channelId, to: `+${conversation.contact.replace(/^\+/, "")}`, conversationId: conversation.id })
            .catch((error: unknown) => setProblem(dialErrorOf(error, undefined).message))
            .finally(() => setBusy(false));
        }}
      >
        Call
      </button>
    </div>
  );
}
