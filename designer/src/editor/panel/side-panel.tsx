import { type KeyboardEvent, type ReactNode, useId } from "react";

/** One tab of the editor's side panel. Others plug in theirs (Simulator, Versions) the same way. */
export interface PanelTab {
  id: string;
  title: string;
  /** A count or mark next to the title. */
  badge?: ReactNode;
  content: ReactNode;
}

/** The right-side panel: a tab bar (arrow keys move between tabs) and the active tab's content. */
export function SidePanel({ tabs, active, onSelect }: { tabs: readonly PanelTab[]; active: string; onSelect: (id: string) => void }) {
  const base = useId();
  const current = tabs.find((tab) => tab.id === active) ?? tabs[0];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const index = tabs.findIndex((tab) => tab.id === current?.id);
    const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    if (!next) return;
    event.preventDefault();
    onSelect(next.id);
    document.getElementById(`${base}-tab-${next.id}`)?.focus();
  };
  return (
    <section className="panel-area" aria-label="Side panel">
      <div className="panel-tabs" role="tablist" aria-label="Panels" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`${base}-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === current?.id}
            aria-controls={`${base}-panel-${tab.id}`}
            tabIndex={tab.id === current?.id ? 0 : -1}
            className="panel-tab"
            onClick={() => onSelect(tab.id)}
          >
            {tab.title}
            {tab.badge}
          </button>
        ))}
      </div>
      {current && (
        <div key={current.id} id={`${base}-panel-${current.id}`} role="tabpanel" aria-labelledby={`${base}-tab-${current.id}`} className="panel-body">
          {current.content}
        </div>
      )}
    </section>
  );
}
