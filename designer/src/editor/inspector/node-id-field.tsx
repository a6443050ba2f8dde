import { useEffect, useId, useState } from "react";
import { useEditorStore } from "../store/editor-context";
import { isIdentifier } from "../store/ids";

/** A node's id: edited as text, applied on Enter or leaving the field (edges and the entry follow). */
export function NodeIdField({ nodeId }: { nodeId: string }) {
  const store = useEditorStore();
  const inputId = useId();
  const [text, setText] = useState(nodeId);
  useEffect(() => setText(nodeId), [nodeId]);
  const taken = text !== nodeId && store.getState().document.nodes.some((node) => node.id === text);
  const problem = !isIdentifier(text) ? "use 1-64 letters, digits, '_' or '-'" : taken ? `another node is called "${text}"` : undefined;
  const commit = () => {
    if (text === nodeId) return;
    if (problem || !store.getState().renameNode(nodeId, text)) setText(nodeId);
  };
  return (
    <div className={`field${problem ? " field-invalid" : ""}`}>
      <label htmlFor={inputId} className="field-label">
        Node id
      </label>
      <input
        id={inputId}
        type="text"
        className="input-mono"
        value={text}
        aria-invalid={problem !== undefined}
        aria-describedby={`${inputId}-hint`}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit();
          if (event.key === "Escape") setText(nodeId);
        }}
      />
      <p id={`${inputId}-hint`} className={problem ? "field-errors" : "field-hint"}>
        {problem ?? "Used in templates ({{nodes.id.…}}) and logs; applied when you leave the field."}
      </p>
    </div>
  );
}
