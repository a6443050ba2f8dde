import { addressName } from "../../../../runtime/rooms/customer-name";
import type { Call } from "../../call-logs/calls-api";
import { Link } from "../../router/link";
import { relativeTime } from "../../ui/relative-time";
import { isVoice } from "../channel-label";
import { roomPath } from "../console-actions";
import { useConsole } from "../console-store";
import { dialerActions } from "../dialer/dialer-actions";
import { callAvailability } from "../dialer/dialer-state";
import { useDialer } from "../dialer/dialer-store";
import { isDiallable } from "../dialer/e164";
import { useSoftphone } from "../softphone/softphone-store";
import { useNow } from "../use-now";
import { callOutcome, partyOf } from "./call-outcome";
import { useMyCalls } from "./use-my-calls";

/** Changes whenever one of the agent's calls starts, is answered or ends: the history reads its first page again. */
function useMyCallsKey(): string {
  return useConsole((state) => {
    const me = state.me;
    if (me === null) return "";
    return Object.values(state.conversations)
      .filter((conversation) => conversation.assigneeId === me.id && isVoice(conversation.channelType))
      .map((conversation) => `${conversation.id}:${conversation.status}:${conversation.lastMessageId}`)
      .sort()
      .join(",");
  });
}

/**
 * The Calls tab: the agent's recent calls (GET /api/calls?mine=true), newest first: direction,
 * number, when, the outcome in words; a call back for phone numbers, the room of each call.
 */
export function CallHistory() {
  const now = useNow(1000);
  const { calls, error, hasMore, loadingMore, more, reload } = useMyCalls(useMyCallsKey());
  const trunks = useDialer((store) => store.trunks);
  const voice = useSoftphone((store) => store.status);
  const canCall = callAvailability(trunks, voice);
  if (calls === undefined)
    return error === undefined ? (
      <p className="muted list-empty" aria-busy="true">
        Loading your calls…
      </p>
    ) : (
      <div className="list-empty" role="alert">
        <p>Your calls could not be loaded: {error}</p>
        <button type="button" className="button button-small" onClick={reload}>
          Try again
        </button>
      </div>
    );
  if (calls.length === 0)
    return <p className="muted list-empty">No calls yet. {canCall.shown ? "Calls you place with Call, and calls you take, are listed here." : "Calls you take are listed here."}</p>;
  return (
    <div className="call-history">
      <ul className="call-history-rows" aria-label="Your calls">
        {calls.map((call) => (
          <CallRow key={call.id} call={call} now={now} callBack={canCall.shown ? canCall : undefined} />
        ))}
      </ul>
      {error !== undefined && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
      {hasMore && (
        <button type="button" className="button button-small call-history-more" disabled={loadingMore} onClick={more}>
          {loadingMore ? "Loading…" : "Show older calls"}
        </button>
      )}
    </div>
  );
}

function CallRow({ call, now, callBack }: { call: Call; now: number; callBack: { enabled: boolean; reason: string | null } | undefined }) {
  const party = partyOf(call);
  const name = addressName(call.channelType, party) ?? "Unknown number";
  const outcome = callOutcome(call, now);
  const outbound = call.direction === "outbound";
  return (
    <li className="call-history-row">
      <span className={`call-history-direction call-history-${call.direction}`} aria-hidden="true">
        {outbound ? "↗" : "↙"}
      </span>
      <span className="call-history-main">
        <span className="call-history-party">{call.conversationId === null ? name : <Link href={roomPath(call.conversationId)}>{name}</Link>}</span>
        <span className="call-history-meta muted small">
          {outbound ? "Outbound" : "Inbound"} ·{" "}
          <time dateTime={call.createdAt} title={new Date(call.createdAt).toLocaleString()}>
            {relativeTime(call.createdAt, now)}
          </time>
        </span>
      </span>
      <span className={`call-history-outcome call-outcome-${outcome.kind}`} title={call.endReason ?? undefined}>
        {outcome.text}
      </span>
      {callBack !== undefined && isDiallable(party) && (
        <button
          type="button"
          className="button button-small"
          aria-label={`Call ${party} back`}
          aria-disabled={!callBack.enabled}
          title={callBack.reason ?? undefined}
          onClick={() => (callBack.enabled ? dialerActions.open(party, call.channelType === "sip_trunk" ? (call.channelId ?? undefined) : undefined) : dialerActions.explain(callBack.reason))}
        >
          Call back
        </button>
      )}
    </li>
  );
}
