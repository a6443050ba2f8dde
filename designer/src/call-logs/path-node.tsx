import { Handle, type NodeProps, Position } from "@xyflow/react";
import { NodeIcon } from "../ui/node-icons";
import type { PathNode } from "./path-graph";
import "./call-logs.css";

/** A node on the read-only canvas: icon, name, type, summary, and its visit numbers when the session came here. */
export function PathNodeView({ data }: NodeProps<PathNode>) {
  const visited = data.visits.length > 0;
  return (
    <div className="path-node-body" title={visited ? `Visited ${data.visits.length === 1 ? "once" : `${data.visits.length} times`}` : "Not visited"}>
      <Handle type="target" position={Position.Top} isConnectable={false} className="path-handle" />
      <div className="path-node-title">
        <span className="path-node-icon" aria-hidden="true">
          <NodeIcon type={data.nodeType} size={16} />
        </span>
        <span className="path-node-label">{data.label}</span>
      </div>
      <div className="path-node-type">
        {data.typeTitle}
        {data.entry && " · start"}
      </div>
      {data.summary !== "" && <div className="path-node-summary">{data.summary}</div>}
      {visited && (
        <div className="path-node-visits" aria-label={`Visit ${data.visits.join(", ")}`}>
          {data.visits.map((visit) => (
            <span key={visit} className="path-visit">
              {visit}
            </span>
          ))}
        </div>
      )}
      {data.last && <div className="path-node-last-tag">last</div>}
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="path-handle" />
    </div>
  );
}
