import { Handle, type NodeProps, Position, useUpdateNodeInternals } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef } from "react";
import { nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import { NodeIcon } from "../../ui/node-icons";
import type { CanvasNode } from "../store/canvas-graph";
import { connectedHandlesOf } from "../store/connected-handles";
import { INPUT_HANDLE } from "../store/connection-rules";
import { useEditor } from "../store/editor-context";
import { shownDocument } from "../store/shown-document";
import { countText, endingText, outputKey } from "../analytics/canvas-analytics";
import { NodeDetails } from "./node-details";
import { ProblemBadge } from "./problem-badge";

/** A node on the canvas: its kind, label and id, what its data says, and one labelled handle per output. */
function FlowNodeCardView({ id, data: { node }, selected }: NodeProps<CanvasNode>) {
  const definition = nodeCatalog[node.type];
  const isEntry = useEditor((state) => shownDocument(state).entry === id);
  const problems = useEditor((state) => (state.readOnly ? undefined : state.problemsByNode[id]));
  const isCurrent = useEditor((state) => state.highlight.currentNodeId === id);
  const onPath = useEditor((state) => state.highlight.path.includes(id));
  const focusedHandle = useEditor((state) => (state.focus?.nodeId === id ? state.focus.handle : undefined));
  const focusNonce = useEditor((state) => (state.focus?.nodeId === id ? state.focus.nonce : 0));
  const handles = useEditor((state) => state.handles);
  const analytics = useEditor((state) => state.analytics);
  const ending = analytics?.endings.get(id);
  const connectedHandles = useEditor((state) => connectedHandlesOf(shownDocument(state).edges, id));
  const outputs = useMemo(() => handles.handlesOf(node), [handles, node]);
  const handleKey = outputs.map((output) => output.id).join("\n");
  // React Flow measures handles when a node mounts; when they change later (an option added or
  // removed, or reordered), it must measure them again.
  const updateNodeInternals = useUpdateNodeInternals();
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [handleKey, id, updateNodeInternals]);

  const connected = new Set(connectedHandles.split("\n"));
  const classes = ["flow-node", `flow-node-${node.type.replace(/_/g, "-")}`];
  if (selected) classes.push("is-selected");
  if (isEntry) classes.push("is-entry");
  if (isCurrent) classes.push("is-current");
  else if (onPath) classes.push("is-on-path");
  if (problems && problems.errors > 0) classes.push("has-errors");

  return (
    <div className={classes.join(" ")} data-node-id={id} style={{ width: nodeWidth(outputs.length) }}>
      <Handle type="target" position={Position.Top} id={INPUT_HANDLE} className="flow-node-input" />
      <header className="flow-node-header">
        <span className="flow-node-icon" aria-hidden="true">
          <NodeIcon type={node.type} size={16} />
        </span>
        <span className="flow-node-titles">
          <span className="flow-node-title">{node.label ?? definition.title}</span>
          <span className="flow-node-subtitle">
            {definition.title} · <code>{id}</code>
          </span>
        </span>
        {isEntry && (
          <span className="flow-node-entry" title="The flow starts here">
            Start
          </span>
        )}
        {problems && <ProblemBadge count={problems} />}
      </header>
      <div className="flow-node-body">
        <NodeDetails node={node} />
      </div>
      {outputs.length > 0 && (
        <div className="flow-node-outputs">
          {outputs.map((output) => (
            <div
              key={output.id === focusedHandle ? `${output.id}-${focusNonce}` : output.id}
              className={`flow-node-output${connected.has(output.id) ? " is-connected" : ""}${output.id === focusedHandle ? " is-focused" : ""}${analytics?.neverTaken.has(outputKey(id, output.id)) ? " is-never-taken" : ""}`}
              title={output.id}
            >
              <span className="flow-node-output-label">{output.label}</span>
              {analytics && <span className="flow-node-output-count">{countText(analytics.handles.get(outputKey(id, output.id)) ?? { count: 0, share: null })}</span>}
              <Handle type="source" position={Position.Bottom} id={output.id} className="flow-node-handle" aria-label={`Output ${output.label}`} />
            </div>
          ))}
        </div>
      )}
      {definition.terminal && <div className="flow-node-terminal">Ends the flow</div>}
      {ending !== undefined && ending.total > 0 && (
        <div className="flow-node-endings" role="note">
          {endingText(ending)}
        </div>
      )}
    </div>
  );
}

/** Wide enough for every output handle on one row (about 64px each, labels cut with an ellipsis), at least 264px. */
export function nodeWidth(outputs: number): number {
  return Math.max(264, outputs * 66 + 16);
}

export const FlowNodeCard = memo(FlowNodeCardView);
