import { useMemo } from "react";
import { nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import { NodeIcon } from "../../ui/node-icons";
import { useEditor, useEditorStore } from "../store/editor-context";
import { shownDocument } from "../store/shown-document";
import { ConnectionsEditor } from "./connections-editor";
import { fieldErrors } from "./field-errors";
import { TextField } from "./fields/text-field";
import { NodeForm } from "./node-form";
import { NodeIdField } from "./node-id-field";

/** The side panel form of the selected node: label, id, entry, and its type's fields with inline errors. */
export function InspectorPanel() {
  const store = useEditorStore();
  const selected = useEditor((state) => state.selectedNodeIds);
  const selectedEdges = useEditor((state) => state.selectedEdgeIds.length);
  const readOnly = useEditor((state) => state.readOnly !== null);
  const node = useEditor((state) => (state.selectedNodeIds.length === 1 ? shownDocument(state).nodes.find((candidate) => candidate.id === state.selectedNodeIds[0]) : undefined));
  const isEntry = useEditor((state) => node !== undefined && shownDocument(state).entry === node.id);
  const diagnostics = useEditor((state) => state.diagnostics);
  const errors = useMemo(() => (node ? fieldErrors(node, diagnostics) : undefined), [node, diagnostics]);

  if (!node || !errors) {
    return (
      <div className="inspector-empty">
        {selected.length > 1 || selectedEdges > 0 ? (
          <>
            <p>
              <strong>{selected.length}</strong> node(s) and <strong>{selectedEdges}</strong> connection(s) selected.
            </p>
            <p className="muted">Delete removes them; Ctrl+C copies the nodes.</p>
            {!readOnly && (
              <button type="button" className="button button-danger" onClick={() => store.getState().deleteSelection()}>
                Delete selection
              </button>
            )}
          </>
        ) : (
          <>
            <p className="strong">Nothing selected</p>
            <p className="muted">Select a node on the canvas to edit it here, or add one from the palette.</p>
            <p className="muted small">
              Tips: Shift+drag selects an area · Ctrl+K finds a node · Ctrl+Z undoes
            </p>
          </>
        )}
      </div>
    );
  }

  const definition = nodeCatalog[node.type];
  return (
    <form className="inspector" aria-label={`Edit ${node.label ?? node.id}`} onSubmit={(event) => event.preventDefault()}>
      <header className="inspector-header">
        <span className="inspector-icon" aria-hidden="true">
          <NodeIcon type={node.type} size={20} />
        </span>
        <div>
          <h3>{definition.title}</h3>
          <p className="muted small">{definition.description}</p>
        </div>
      </header>
      <fieldset disabled={readOnly} className="inspector-fields">
        <div className="inspector-entry">
          {isEntry ? (
            <span className="entry-pill">Entry node: the flow starts here</span>
          ) : (
            <button type="button" className="button button-small" onClick={() => store.getState().setEntry(node.id)}>
              Make entry node
            </button>
          )}
        </div>
        {errors.count > 0 && (
          <p className="inspector-problems" role="status">
            {errors.count} problem{errors.count === 1 ? "" : "s"} in this node: see the fields marked in red.
          </p>
        )}
        <TextField label="Label" value={node.label ?? ""} placeholder={definition.title} onChange={(label) => store.getState().setNodeLabel(node.id, label)} />
        <NodeIdField key={node.id} nodeId={node.id} />
        <NodeForm node={node} errors={errors} />
        <ConnectionsEditor node={node} />
        <div className="inspector-footer">
          <button type="button" className="button button-danger" onClick={() => store.getState().deleteSelection()}>
            Delete node
          </button>
        </div>
      </fieldset>
    </form>
  );
}
