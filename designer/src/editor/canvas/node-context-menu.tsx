import { useEffect, useRef } from "react";
import { toast } from "../../ui/toasts";
import { writeClipboard } from "../clipboard/system-clipboard";
import { navigate } from "../../router/router";
import { useEditor, useEditorStore } from "../store/editor-context";
import { shownDocument } from "../store/shown-document";

export interface NodeMenuAt {
  nodeId: string;
  /** Position inside the canvas, in pixels. */
  x: number;
  y: number;
}

/** Right-click actions on a node: make it the entry, open the flow a subflow or goto_flow leads to, copy, duplicate, delete. */
export function NodeContextMenu({ at, onClose }: { at: NodeMenuAt; onClose: () => void }) {
  const store = useEditorStore();
  const readOnly = useEditor((state) => state.readOnly !== null);
  const isEntry = useEditor((state) => state.document.entry === at.nodeId);
  /** The flow a subflow or goto_flow node leads to: the menu opens it. */
  const calledFlow = useEditor((state) => {
    const node = shownDocument(state).nodes.find((candidate) => candidate.id === at.nodeId);
    return node?.type === "subflow" || node?.type === "goto_flow" ? node.data.flowId : undefined;
  });
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const run = (action: () => void) => () => {
    action();
    onClose();
  };
  const copy = () => {
    const fragment = store.getState().copySelection();
    if (!fragment) return;
    void writeClipboard(JSON.stringify(fragment, null, 2)).then(() => toast.info(`Copied ${fragment.nodes.length} node(s)`));
  };
  const duplicate = () => {
    const fragment = store.getState().copySelection();
    if (fragment) store.getState().paste(fragment);
  };

  return (
    <div className="context-menu" role="menu" aria-label="Node actions" style={{ left: at.x, top: at.y }} onBlur={(event) => {
      if (!event.currentTarget.contains(event.relatedTarget)) onClose();
    }}>
      <button ref={first} type="button" role="menuitem" disabled={readOnly || isEntry} onClick={run(() => store.getState().setEntry(at.nodeId))}>
        Make entry node
      </button>
      {calledFlow !== undefined && (
        <button type="button" role="menuitem" onClick={run(() => navigate(`/designer/flows/${encodeURIComponent(calledFlow)}`))}>
          Open flow {calledFlow}
        </button>
      )}
      <button type="button" role="menuitem" onClick={run(copy)}>
        Copy <kbd>Ctrl+C</kbd>
      </button>
      <button type="button" role="menuitem" disabled={readOnly} onClick={run(duplicate)}>
        Duplicate
      </button>
      <button type="button" role="menuitem" className="danger" disabled={readOnly} onClick={run(() => store.getState().deleteSelection())}>
        Delete <kbd>Del</kbd>
      </button>
    </div>
  );
}
