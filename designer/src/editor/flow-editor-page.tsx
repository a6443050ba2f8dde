import { Background, Controls, type Edge, MiniMap, type Node, ReactFlow } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import { FlowDocument } from "../../../flow-schema/document";
import { nodeCatalog } from "../../../flow-schema/nodes/catalog";
import { type FlowDetail, flowsApi } from "../flows/flows-api";
import { Link } from "../router/link";
import { DiagnosticList } from "../ui/diagnostic-list";
import { toastError } from "../ui/toasts";

/** /designer/flows/:id: the flow on a canvas with its diagnostics. */
export function FlowEditorPage({ flowId }: { flowId: string }) {
  const [flow, setFlow] = useState<FlowDetail | undefined>();
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    flowsApi.get(flowId).then(setFlow, (error: unknown) => {
      setMissing(true);
      toastError(error);
    });
  }, [flowId]);

  const graph = useMemo(() => {
    const parsed = flow ? FlowDocument.safeParse(flow.document) : undefined;
    if (!parsed?.success) return undefined;
    const doc = parsed.data;
    const nodes: Node[] = doc.nodes.map((node) => ({
      id: node.id,
      position: node.position,
      data: { label: `${node.label ?? node.id} · ${nodeCatalog[node.type].title}` },
      className: node.id === doc.entry ? "canvas-node canvas-node-entry" : "canvas-node",
    }));
    const edges: Edge[] = doc.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target, label: edge.sourceHandle }));
    return { nodes, edges };
  }, [flow]);

  if (missing) {
    return (
      <main className="page">
        <h1>Flow not found</h1>
        <Link href="/designer">Back to the flows</Link>
      </main>
    );
  }
  if (!flow || !graph) return <p className="page muted" aria-busy="true">Loading flow…</p>;
  return (
    <main className="editor">
      <div className="editor-header">
        <Link href="/designer" className="muted">
          Flows
        </Link>
        <span className="muted">/</span>
        <h1>{flow.name}</h1>
      </div>
      <div className="editor-body">
        <div className="canvas" aria-label="Flow canvas">
          <ReactFlow nodes={graph.nodes} edges={graph.edges} fitView nodesConnectable={false} nodesDraggable={false}>
            <Background />
            <MiniMap pannable zoomable />
            <Controls />
          </ReactFlow>
        </div>
        <aside className="side-panel" aria-label="Validation">
          <h2>Validation</h2>
          <DiagnosticList diagnostics={flow.diagnostics} />
        </aside>
      </div>
    </main>
  );
}
