import { useReactFlow, useStoreApi } from "@xyflow/react";
import { createContext, type ReactNode, useContext, useMemo, useRef } from "react";
import type { NodeType } from "../../../../flow-schema/nodes/catalog";
import { toast, toastError } from "../../ui/toasts";
import { autoLayout } from "../store/auto-layout";
import type { CanvasEdge, CanvasNode } from "../store/canvas-graph";
import { useEditorStore } from "../store/editor-context";
import type { XY } from "../store/flow-types";
import { DEFAULT_NODE_SIZE } from "../store/placement";

/** What the palette, toolbar, keyboard and panels ask of the canvas's viewport. */
export interface CanvasController {
  /** The pointer over the canvas, in flow coordinates (null when it is elsewhere): pastes land there. */
  pointer: { current: XY | null };
  /** The middle of the visible canvas, in flow coordinates. */
  centre(): XY;
  /** Flow coordinates of a point on the screen. */
  toFlow(client: XY): XY;
  /** Places a node at the middle of the view (where it overlaps nothing) and selects it. */
  placeAtCentre(type: NodeType): string | undefined;
  /** Centres a node in the view. */
  centreOn(nodeId: string): void;
  /** Shows the whole flow (animated unless `animate` is false). */
  fitView(animate?: boolean): void;
  autoLayout(): Promise<void>;
}

const CanvasControllerContext = createContext<CanvasController | null>(null);

/** Provides the canvas controller; must sit inside a ReactFlowProvider and an EditorProvider. */
export function CanvasControllerProvider({ children }: { children: ReactNode }) {
  const store = useEditorStore();
  const flow = useReactFlow<CanvasNode, CanvasEdge>();
  const flowStore = useStoreApi<CanvasNode, CanvasEdge>();
  const pointer = useRef<XY | null>(null);

  const controller = useMemo<CanvasController>(() => {
    const centre = (): XY => {
      const { domNode, width, height } = flowStore.getState();
      const rect = domNode?.getBoundingClientRect();
      return flow.screenToFlowPosition({ x: (rect?.left ?? 0) + width / 2, y: (rect?.top ?? 0) + height / 2 });
    };
    const centreOn = (nodeId: string) => {
      const node = flow.getInternalNode(nodeId);
      if (!node) return;
      const width = node.measured.width ?? DEFAULT_NODE_SIZE.width;
      const height = node.measured.height ?? DEFAULT_NODE_SIZE.height;
      const { x, y } = node.internals.positionAbsolute;
      void flow.setCenter(x + width / 2, y + height / 2, { zoom: Math.max(flow.getZoom(), 0.85), duration: 250 });
    };
    return {
      pointer,
      centre,
      toFlow: (client) => flow.screenToFlowPosition(client),
      placeAtCentre: (type) => {
        const id = store.getState().placeNode(type, centre());
        // The free spot may be off to one side: bring the new node into view.
        if (id !== undefined) store.getState().focusOn({ nodeId: id });
        return id;
      },
      centreOn,
      fitView: (animate = true) => {
        void flow.fitView({ padding: 0.12, maxZoom: 1, ...(animate ? { duration: 250 } : {}) });
      },
      autoLayout: async () => {
        const state = store.getState();
        if (state.readOnly) return;
        try {
          const positions = await autoLayout(state.document, state.measured, state.handles);
          store.getState().applyPositions(positions);
          window.setTimeout(() => void flow.fitView({ padding: 0.12, maxZoom: 1, duration: 250 }), 50);
          toast.success("Laid out the flow");
        } catch (error) {
          toastError(error);
        }
      },
    };
  }, [flow, flowStore, store]);

  return <CanvasControllerContext.Provider value={controller}>{children}</CanvasControllerContext.Provider>;
}

export function useCanvasController(): CanvasController {
  const controller = useContext(CanvasControllerContext);
  if (!controller) throw new Error("useCanvasController needs a <CanvasControllerProvider>");
  return controller;
}
