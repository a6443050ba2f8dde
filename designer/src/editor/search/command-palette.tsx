import { useEffect, useId, useMemo, useRef, useState } from "react";
import { nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import { Dialog } from "../../ui/dialog";
import { NodeIcon } from "../../ui/node-icons";
import { useEditor, useEditorStore } from "../store/editor-context";
import { shownDocument } from "../store/shown-document";
import { searchNodes } from "./search-nodes";

/** Ctrl+K: find a node by id, label or prompt text; Enter centres and selects it. */
export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const store = useEditorStore();
  const doc = useEditor(shownDocument);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => (open ? searchNodes(doc, query) : []), [open, doc, query]);

  useEffect(() => {
    if (open) {
      setQuery("");
      setActive(0);
      // The dialog (a child) has opened by now, so the field can take the focus at once.
      input.current?.focus();
    }
  }, [open]);
  useEffect(() => setActive(0), [query]);

  const jump = (index: number) => {
    const match = matches[index];
    if (!match) return;
    onClose();
    store.getState().focusOn({ nodeId: match.node.id });
  };

  return (
    <Dialog title="Find a node" open={open} onClose={onClose}>
      <input
        ref={input}
        type="search"
        className="command-input"
        role="combobox"
        aria-label="Search nodes"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={matches[active] ? `${listId}-${active}` : undefined}
        placeholder="Node id, label or prompt text…"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setActive((index) => Math.min(index + 1, matches.length - 1));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive((index) => Math.max(index - 1, 0));
          } else if (event.key === "Enter") {
            event.preventDefault();
            jump(active);
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label="Matching nodes" className="command-results">
        {matches.length === 0 && <li className="muted command-empty">No node matches “{query}”.</li>}
        {matches.map((match, index) => (
          <li
            key={match.node.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={`command-result${index === active ? " is-active" : ""}`}
            onMouseEnter={() => setActive(index)}
            onMouseDown={(event) => {
              event.preventDefault();
              jump(index);
            }}
          >
            <span className="command-icon" aria-hidden="true">
              <NodeIcon type={match.node.type} size={16} />
            </span>
            <span className="command-text">
              <span className="command-title">
                {match.node.label ?? nodeCatalog[match.node.type].title} <code>{match.node.id}</code>
              </span>
              <span className="command-detail">{match.detail}</span>
            </span>
          </li>
        ))}
      </ul>
      <p className="muted small command-hint">↑↓ to choose · Enter to jump · Esc to close</p>
    </Dialog>
  );
}
