import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useNodesInitialized, useNodesState, useReactFlow } from "@xyflow/react";
import { useEffect, useMemo } from "react";
import type { FlowDocument } from "../../../flow-schema/document";
import { type PathNode, pathGraph } from "./path-graph";
import { PathNodeView } from "./path-node";
import type { FlowPath } from "./session-path";
import "./call-logs.css";

const nodeTypes = { path: PathNodeView };

/** A node to centre; `nonce` changes on every request, so choosing the same step again re-centres. */
export interface CanvasFocus {
  nodeId: string;
  nonce: number;
}

function CentreOn({ focus }: { focus: CanvasFocus | undefined }) {
  const { fitView } = useReactFlow();
  const initialized = useNodesInitialized();
  const nodeId = focus?.nodeId;
  const nonce = focus?.nonce;
  useEffect(() => {
    if (nodeId === undefined || !initialized) return;
    void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.1, minZoom: 0.5 });
  }, [fitView, initialized, nodeId, nonce]);
  return null;
}

const miniMapColor = (node: { className?: string }): string => (node.className?.includes("path-node-visited") ? "#1d4ed8" : "#cbd5e1");

/** A flow version on a read-only canvas with the session's path drawn on it. */
export function PathCanvas({ document, path, focus }: { document: FlowDocument; path: FlowPath | undefined; focus: CanvasFocus | undefined }) {
  const graph = useMemo(() => pathGraph(document, path, focus?.nodeId), [document, path, focus?.nodeId]);
  // Nodes live in state so the canvas can record their measured sizes (the minimap needs them);
  // a new selection only changes their classes and data.
  const [nodes, setNodes, onNodesChange] = useNodesState<PathNode>(graph.nodes);
  useEffect(() => {
    setNodes((previous) => {
      const measured = new Map(previous.map((node) => [node.id, node.measured]));
      return graph.nodes.map((node) => ({ ...node, measured: measured.get(node.id) }));
    });
  }, [graph.nodes, setNodes]);
  return (
    <ReactFlowProvider>
      <ReactFlow
        nodes={nodes}
        edges={graph.edges}
        onNodesChange={onNodesChange}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        minZoom={0.2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <MiniMap pannable zoomable nodeColor={miniMapColor} />
        <Controls showInteractive={false} />
        <CentreOn focus={focus} />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
