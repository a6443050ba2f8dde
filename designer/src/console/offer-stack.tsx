import { useConsole } from "./console-store";
import { OfferCard } from "./offer-card";

/** Open offers, newest on top, in the corner above everything. */
export function OfferStack() {
  const offers = useConsole((state) => state.offers);
  if (offers.length === 0) return null;
  return (
    <div className="offer-stack" aria-label="Incoming offers">
      {[...offers].reverse().map((offer) => (
        <OfferCard key={offer.conversation.id} offer={offer} />
      ))}
    </div>
  );
}
