import { AnalyticsControl } from "./analytics/analytics-control";
import { useCanvasController } from "./canvas/canvas-controller";
import { useEditor, useEditorHistory, useEditorStore } from "./store/editor-context";

/** Undo, redo, auto-layout, fit view, find (shortcuts in the tooltips) and the analytics overlay. */
export function EditorToolbar({ onSearch }: { onSearch: () => void }) {
  const store = useEditorStore();
  const controller = useCanvasController();
  const readOnly = useEditor((state) => state.readOnly !== null);
  const canUndo = useEditorHistory((history) => history.pastStates.length > 0);
  const canRedo = useEditorHistory((history) => history.futureStates.length > 0);
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor actions">
      <button type="button" className="button button-small" disabled={readOnly || !canUndo} title="Undo (Ctrl+Z)" onClick={() => store.getState().undo()}>
        ↶ Undo
      </button>
      <button type="button" className="button button-small" disabled={readOnly || !canRedo} title="Redo (Ctrl+Shift+Z or Ctrl+Y)" onClick={() => store.getState().redo()}>
        ↷ Redo
      </button>
      <span className="toolbar-separator" aria-hidden="true" />
      <button type="button" className="button button-small" disabled={readOnly} title="Arrange the nodes top to bottom" onClick={() => void controller.autoLayout()}>
        Auto-layout
      </button>
      <button type="button" className="button button-small" title="Show the whole flow" onClick={() => controller.fitView()}>
        Fit view
      </button>
      <button type="button" className="button button-small" title="Find a node (Ctrl+K)" onClick={onSearch}>
        Find <kbd>Ctrl K</kbd>
      </button>
      <span className="toolbar-separator" aria-hidden="true" />
      <AnalyticsControl />
    </div>
  );
}
