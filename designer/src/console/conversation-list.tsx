import { CallHistory } from "./call-history/call-history";
import { useConsole } from "./console-store";
import { conversationsIn, LIST_VIEWS, type ListView } from "./conversation-order";
import { ConversationRow } from "./conversation-row";
import { useNow } from "./use-now";

const TITLES: Record<ListView, string> = { mine: "Mine", team: "Team", waiting: "Waiting" };
const EMPTY: Record<ListView, string> = {
  mine: "No conversations assigned to you. Accept an offer or pick one from Waiting.",
  team: "Your teams have no open conversations.",
  waiting: "Nobody is waiting.",
};

/** The conversation list, filtered by mine / team / waiting, sorted by priority then age, live; or the agent's calls (Calls). */
export function ConversationList({ selectedId }: { selectedId: string | null }) {
  const now = useNow(5000);
  const view = useConsole((state) => state.view);
  const setView = useConsole((state) => state.setView);
  const conversations = useConsole((state) => state.conversations);
  const me = useConsole((state) => state.me);
  const agents = useConsole((state) => state.agents);
  const seen = useConsole((state) => state.seen);
  const list: ListView = view === "calls" ? "mine" : view;
  const shown = conversationsIn(conversations, list, me);
  return (
    <aside className="conversation-list" aria-label="Conversations">
      <div className="list-tabs" role="tablist" aria-label="Filter">
        {LIST_VIEWS.map((choice) => (
          <button key={choice} type="button" role="tab" aria-selected={view === choice} className="list-tab" onClick={() => setView(choice)}>
            {TITLES[choice]}
            <span className="list-count">{conversationsIn(conversations, choice, me).length}</span>
          </button>
        ))}
        <button type="button" role="tab" aria-selected={view === "calls"} className="list-tab" onClick={() => setView("calls")}>
          Calls
        </button>
      </div>
      {view === "calls" ? (
        <CallHistory />
      ) : me === null ? (
        <p className="muted list-empty" aria-busy="true">
          Loading…
        </p>
      ) : shown.length === 0 ? (
        <p className="muted list-empty">{EMPTY[list]}</p>
      ) : (
        <ul className="conversation-rows" aria-label={`${TITLES[list]} conversations`}>
          {shown.map((conversation) => (
            <ConversationRow
              key={conversation.id}
              conversation={conversation}
              selected={conversation.id === selectedId}
              now={now}
              unread={conversation.id !== selectedId && conversation.assigneeId === me.id && conversation.lastMessageId > (seen[conversation.id] ?? 0)}
              assignee={list !== "mine" && conversation.assigneeId !== null ? (agents[conversation.assigneeId]?.name ?? null) : null}
            />
          ))}
        </ul>
      )}
    </aside>
  );
}
