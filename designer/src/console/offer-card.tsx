import { useState } from "react";
import type { OfferView } from "../../../runtime/rooms/views";
import { toastError } from "../ui/toasts";
import { ChannelBadge } from "./channel-badge";
import { consoleActions } from "./console-actions";
import { formatElapsed } from "./elapsed";
import { FlowPath } from "./flow-path";
import { PriorityBadge } from "./priority-badge";
import { useNow } from "./use-now";
import { VariablesList } from "./variables-list";

/** One incoming offer: who is calling, how they got here, what they said; Accept or Decline. */
export function OfferCard({ offer }: { offer: OfferView }) {
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const { conversation, details } = offer;
  const caller = details.caller.name ?? details.caller.phone ?? details.caller.address ?? "Unknown caller";
  const contact = details.caller.phone ?? details.caller.address;
  const left = offer.expiresAt === null ? null : Date.parse(offer.expiresAt) - now;
  const act = (action: () => Promise<void>) => {
    setBusy(true);
    action()
      .catch(toastError)
      .finally(() => setBusy(false));
  };
  return (
    <section className="offer-card" role="alertdialog" aria-label={`Incoming offer: ${conversation.subject}`}>
      <header className="offer-head">
        <span className="offer-kicker">Incoming</span>
        <ChannelBadge channel={details.caller.channel} />
        {conversation.priority !== "normal" && <PriorityBadge priority={conversation.priority} />}
        <span className="offer-age muted small">{left === null ? `waiting ${formatElapsed(now - Date.parse(offer.offeredAt))}` : `expires in ${formatElapsed(left)}`}</span>
      </header>
      <p className="offer-subject">{conversation.subject}</p>
      <p className="offer-caller">
        <strong>{caller}</strong>
        {contact !== null && contact !== caller && <span className="muted"> · {contact}</span>}
      </p>
      <h4>Flow path</h4>
      <FlowPath path={details.path} compact />
      <h4>Variables</h4>
      <VariablesList variables={details.variables} limit={4} />
      <div className="offer-actions">
        <button type="button" className="button" disabled={busy} onClick={() => act(() => consoleActions.decline(conversation.id))}>
          Decline
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => act(() => consoleActions.accept(conversation.id))}>
          Accept
        </button>
      </div>
    </section>
  );
}
