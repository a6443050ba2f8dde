import {
  Background,
  ConnectionLineType,
  Controls,
  type DefaultEdgeOptions,
  type EdgeTypes,
  type FinalConnectionState,
  type InternalNode,
  MarkerType,
  MiniMap,
  type NodeTypes,
  type OnConnectEnd,
  ReactFlow,
  useNodesInitialized,
} from "@xyflow/react";
import { type DragEvent, type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isNodeType } from "../../../../flow-schema/nodes/catalog";
import { toast } from "../../ui/toasts";
import { PALETTE_DRAG_TYPE } from "../palette/palette-drag";
import { CanvasGraphCache, type CanvasEdge, type CanvasNode } from "../store/canvas-graph";
import { INPUT_HANDLE } from "../store/connection-rules";
import { useEditor, useEditorStore } from "../store/editor-context";
import { shownDocument } from "../store/shown-document";
import { usePanelTabs } from "../panel/panel-tabs-context";
import { useCanvasController } from "./canvas-controller";
import { FlowNodeCard } from "./flow-node-card";
import { LabelledEdge } from "./labelled-edge";
import { NodeContextMenu, type NodeMenuAt } from "./node-context-menu";
import { pathEdgeIds } from "./path-edges";

/** From this many nodes on, only what is in view is rendered. */
const LARGE_FLOW = 150;
const NODE_TYPES: NodeTypes = { flow: FlowNodeCard };
const EDGE_TYPES: EdgeTypes = { labelled: LabelledEdge };
const DEFAULT_EDGE_OPTIONS: DefaultEdgeOptions = {
  type: "labelled",
  markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
  labelBgPadding: [6, 3],
  labelBgBorderRadius: 4,
};

function nodeIdUnder(event: MouseEvent | TouchEvent | globalThis.MouseEvent): string | undefined {
  const point = "changedTouches" in event ? event.changedTouches[0] : event;
  if (!point) return undefined;
  const element = document.elementFromPoint(point.clientX, point.clientY);
  return element?.closest<HTMLElement>(".react-flow__node")?.dataset.id;
}

function miniMapColor(node: CanvasNode): string {
  return node.selected ? "#1d4ed8" : "#94a3b8";
}

/** The flow on a React Flow canvas: drag, connect, select, drop from the palette, context menu. */
export function FlowCanvas() {
  const store = useEditorStore();
  const controller = useCanvasController();
  const doc = useEditor(shownDocument);
  const readOnly = useEditor((state) => state.readOnly !== null);
  const selectedNodeIds = useEditor((state) => state.selectedNodeIds);
  const selectedEdgeIds = useEditor((state) => state.selectedEdgeIds);
  const measured = useEditor((state) => state.measured);
  const handles = useEditor((state) => state.handles);
  const path = useEditor((state) => state.highlight.path);
  const focus = useEditor((state) => state.focus);
  const cache = useRef(new CanvasGraphCache());
  const [menu, setMenu] = useState<NodeMenuAt | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const { showTab } = usePanelTabs();

  const analytics = useEditor((state) => state.analytics);
  const inputs = useMemo(
    () => ({ selectedNodeIds: new Set(selectedNodeIds), selectedEdgeIds: new Set(selectedEdgeIds), measured, pathEdgeIds: pathEdgeIds(doc, path), analytics }),
    [selectedNodeIds, selectedEdgeIds, measured, doc, path, analytics],
  );
  const nodes = useMemo(() => cache.current.nodesOf(doc, inputs), [doc, inputs]);
  const edges = useMemo(() => cache.current.edgesOf(doc, handles, inputs), [doc, handles, inputs]);

  useEffect(() => {
    if (focus) controller.centreOn(focus.nodeId);
  }, [focus, controller]);

  // Fit the flow once its nodes are measured (the fitView prop runs before they are). A large flow
  // renders only what is in view, so it is never all measured: fit it on its positions at once.
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  const large = nodes.length > LARGE_FLOW;
  useEffect(() => {
    if (fitted.current || !(initialized || large)) return;
    fitted.current = true;
    controller.fitView(false);
  }, [initialized, large, controller]);

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state: FinalConnectionState<InternalNode>) => {
      if (!state.fromNode || !state.fromHandle || state.isValid === true) return;
      if (state.fromHandle.type !== "source") return;
      // Dropped on a node's body rather than its input: connect to the input, if that may be done.
      const target = state.toNode?.id ?? nodeIdUnder(event);
      if (target === undefined) return;
      const connection = { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target, targetHandle: INPUT_HANDLE };
      const problem = store.getState().connectionProblem(connection);
      if (problem) toast.error(`Cannot connect: ${problem}`);
      else store.getState().connect(connection);
    },
    [store],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      if (!isNodeType(type)) return;
      event.preventDefault();
      const at = controller.toFlow({ x: event.clientX, y: event.clientY });
      if (store.getState().placeNode(type, at) !== undefined) showTab("inspector");
    },
    [controller, store, showTab],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onNodeContextMenu = useCallback(
    (event: MouseEvent, node: CanvasNode) => {
      event.preventDefault();
      const rect = wrapper.current?.getBoundingClientRect();
      if (!store.getState().selectedNodeIds.includes(node.id)) store.getState().selectNode(node.id, { centre: false });
      setMenu({ nodeId: node.id, x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) });
    },
    [store],
  );

  const state = store.getState();
  return (
    <div
      ref={wrapper}
      className={`editor-canvas${readOnly ? " is-read-only" : ""}`}
      aria-label="Flow canvas"
      role="region"
      onMouseMove={(event) => {
        controller.pointer.current = controller.toFlow({ x: event.clientX, y: event.clientY });
      }}
      onMouseLeave={() => {
        controller.pointer.current = null;
      }}
    >
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        connectionLineType={ConnectionLineType.SmoothStep}
        onNodesChange={state.applyNodeChanges}
        onEdgesChange={state.applyEdgeChanges}
        onConnect={(connection) => {
          store.getState().connect(connection);
        }}
        onConnectEnd={onConnectEnd}
        isValidConnection={(connection) => store.getState().connectionProblem(connection) === undefined}
        onNodeDragStart={() => store.getState().beginDrag()}
        onNodeDragStop={() => store.getState().endDrag()}
        onSelectionDragStart={() => store.getState().beginDrag()}
        onSelectionDragStop={() => store.getState().endDrag()}
        onNodeContextMenu={onNodeContextMenu}
        onNodeClick={() => showTab("inspector")}
        onPaneClick={() => setMenu(null)}
        onMoveStart={() => setMenu(null)}
        onDrop={onDrop}
        onDragOver={onDragOver}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesFocusable
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={["Control", "Meta"]}
        onlyRenderVisibleElements={large}
        minZoom={0.15}
        maxZoom={2}
      >
        <Background gap={20} color="#cbd5e1" />
        <MiniMap pannable zoomable nodeColor={miniMapColor} ariaLabel="Mini map" style={{ width: 168, height: 112 }} />
        <Controls showInteractive={false} />
      </ReactFlow>
      {doc.nodes.length === 0 && (
        <div className="canvas-empty">
          <p className="strong">This flow has no nodes yet</p>
          <p className="muted">Drag a node from the palette, or focus one and press Enter. Then make it the entry node.</p>
        </div>
      )}
      {menu && <NodeContextMenu at={menu} onClose={() => setMenu(null)} />}
    </div>
  );
}
