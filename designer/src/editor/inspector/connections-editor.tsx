import { useId } from "react";
import { nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import { INPUT_HANDLE } from "../store/connection-rules";
import { useEditor, useEditorStore } from "../store/editor-context";
import type { EditorNode } from "../store/flow-types";
import { shownDocument } from "../store/shown-document";

const NOT_CONNECTED = "";

/** Where each output of a node goes, as selects: connecting without a mouse. */
export function ConnectionsEditor({ node }: { node: EditorNode }) {
  const store = useEditorStore();
  const baseId = useId();
  const doc = useEditor(shownDocument);
  const handles = useEditor((state) => state.handles);
  const outputs = handles.handlesOf(node);
  if (nodeCatalog[node.type].terminal) return null;
  const targets = doc.nodes.filter((candidate) => store.getState().connectionProblem({ source: node.id, sourceHandle: outputs[0]?.id ?? null, target: candidate.id, targetHandle: INPUT_HANDLE }) === undefined);
  return (
    <fieldset className="list-editor connections-editor">
      <legend>Connections</legend>
      {outputs.length === 0 && <p className="field-hint">Fix the node's fields to see its outputs.</p>}
      {outputs.map((output) => {
        const edge = doc.edges.find((candidate) => candidate.source === node.id && candidate.sourceHandle === output.id);
        const id = `${baseId}-${output.id}`;
        return (
          <div key={output.id} className="connection-row">
            <label htmlFor={id} className="connection-label">
              {output.label}
            </label>
            <select
              id={id}
              value={edge?.target ?? NOT_CONNECTED}
              onChange={(event) => {
                const target = event.target.value;
                if (target === NOT_CONNECTED) store.getState().disconnect(node.id, output.id);
                else store.getState().connect({ source: node.id, sourceHandle: output.id, target, targetHandle: INPUT_HANDLE });
              }}
            >
              <option value={NOT_CONNECTED}>— not connected —</option>
              {edge && !targets.some((target) => target.id === edge.target) && <option value={edge.target}>{edge.target}</option>}
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {target.label ? `${target.label} (${target.id})` : target.id}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
