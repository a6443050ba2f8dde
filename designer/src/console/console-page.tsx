import { useEffect } from "react";
import { unlockChime } from "./chime";
import { ConsoleHeader } from "./console-header";
import { startConsole } from "./console-sync";
import { useConsole } from "./console-store";
import { ConversationList } from "./conversation-list";
import { DialerDialog } from "./dialer/dialer-dialog";
import { InfoSidebar } from "./info-sidebar";
import { OfferStack } from "./offer-stack";
import { RoomView } from "./room-view";
import { MicrophoneNotice } from "./softphone/microphone-notice";
import "./console.css";

/** /console and /console/{conversationId}: the agent console, live over /ws/agent. */
export function ConsolePage({ conversationId }: { conversationId: string | null }) {
  useEffect(() => startConsole(), []);
  const selected = useConsole((state) => (conversationId === null ? undefined : state.conversations[conversationId]));
  return (
    <main className="console" onPointerDown={unlockChime} onKeyDown={unlockChime}>
      <ConsoleHeader />
      <MicrophoneNotice />
      <div className={selected === undefined ? "console-body console-body-no-info" : "console-body"}>
        <ConversationList selectedId={conversationId} />
        {conversationId === null ? (
          <section className="room room-empty">
            <div className="room-placeholder">
              <h2>No conversation open</h2>
              <p className="muted">Pick one from the list, or accept an incoming offer. Offers ring and show in the top right corner.</p>
            </div>
          </section>
        ) : (
          <RoomView key={conversationId} conversationId={conversationId} />
        )}
        {selected !== undefined && <InfoSidebar conversation={selected} />}
      </div>
      <OfferStack />
      <DialerDialog />
    </main>
  );
}
