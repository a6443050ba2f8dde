import type { Edge, Node } from "@xyflow/react";
import { nodeCatalog } from "../../../../flow-schema/nodes/catalog";
import type { EditorDocument, EditorEdge, EditorNode, Size } from "./flow-types";
import { INPUT_HANDLE } from "./connection-rules";
import type { HandleMemory } from "./node-outputs";
import { type CanvasAnalytics, countText, outputKey } from "../analytics/canvas-analytics";

/** A React Flow node: the document node it shows rides along unchanged in `data.node`. */
export type CanvasNode = Node<{ node: EditorNode }, "flow">;
/** A React Flow edge: the document edge in `data.edge`, the handle's label as its label. */
export type CanvasEdge = Edge<{ edge: EditorEdge }>;

export interface CanvasInputs {
  selectedNodeIds: ReadonlySet<string>;
  selectedEdgeIds: ReadonlySet<string>;
  measured: Readonly<Record<string, Size>>;
  /** Edges on the highlighted path: drawn emphasised. */
  pathEdgeIds: ReadonlySet<string>;
  /** Analytics on: each edge labelled with its sessions and share; edges never taken drawn faint. */
  analytics?: CanvasAnalytics | null;
}

/** Reuses the previous React Flow objects when nothing about them changed (React Flow compares by reference). */
export class CanvasGraphCache {
  private nodes = new Map<string, CanvasNode>();
  private edges = new Map<string, CanvasEdge>();

  nodesOf(doc: EditorDocument, inputs: CanvasInputs): CanvasNode[] {
    const next = new Map<string, CanvasNode>();
    const result = doc.nodes.map((node) => {
      const previous = this.nodes.get(node.id);
      const selected = inputs.selectedNodeIds.has(node.id);
      const measured = inputs.measured[node.id];
      const canvasNode =
        previous && previous.data.node === node && previous.selected === selected && previous.measured === measured
          ? previous
          : toCanvasNode(node, selected, measured);
      next.set(node.id, canvasNode);
      return canvasNode;
    });
    this.nodes = next;
    return result;
  }

  edgesOf(doc: EditorDocument, handles: HandleMemory, inputs: CanvasInputs): CanvasEdge[] {
    const nodesById = new Map(doc.nodes.map((node) => [node.id, node]));
    const next = new Map<string, CanvasEdge>();
    const result = doc.edges.map((edge) => {
      const source = nodesById.get(edge.source);
      const handleLabel = (source ? handles.handlesOf(source).find((handle) => handle.id === edge.sourceHandle)?.label : undefined) ?? edge.sourceHandle;
      const figure = inputs.analytics?.handles.get(outputKey(edge.source, edge.sourceHandle));
      const label = inputs.analytics ? `${handleLabel} · ${countText(figure ?? { count: 0, share: null })}` : handleLabel;
      const neverTaken = inputs.analytics ? (figure?.count ?? 0) === 0 : false;
      const selected = inputs.selectedEdgeIds.has(edge.id);
      const onPath = inputs.pathEdgeIds.has(edge.id);
      const previous = this.edges.get(edge.id);
      const canvasEdge =
        previous && previous.data?.edge === edge && previous.selected === selected && previous.label === label && previous.animated === onPath && previous.className === edgeClass(onPath, neverTaken)
          ? previous
          : toCanvasEdge(edge, label, selected, onPath, neverTaken);
      next.set(edge.id, canvasEdge);
      return canvasEdge;
    });
    this.edges = next;
    return result;
  }
}

export function toCanvasNode(node: EditorNode, selected = false, measured?: Size): CanvasNode {
  const title = nodeCatalog[node.type].title;
  return {
    id: node.id,
    type: "flow",
    position: node.position,
    data: { node },
    selected,
    ariaLabel: `${node.label ?? title}: ${title} node ${node.id}`,
    ...(measured ? { measured } : {}),
  };
}

function edgeClass(onPath: boolean, neverTaken: boolean): string | undefined {
  const classes = [onPath ? "edge-on-path" : "", neverTaken ? "edge-never-taken" : ""].filter((name) => name !== "");
  return classes.length === 0 ? undefined : classes.join(" ");
}

export function toCanvasEdge(edge: EditorEdge, label: string, selected = false, onPath = false, neverTaken = false): CanvasEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    targetHandle: INPUT_HANDLE,
    label,
    ariaLabel: `${label} from ${edge.source} to ${edge.target}`,
    data: { edge },
    selected,
    animated: onPath,
    className: edgeClass(onPath, neverTaken),
  };
}

/** The document a set of React Flow nodes and edges shows: each node at its canvas position. */
export function documentFromCanvas(base: EditorDocument, nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): EditorDocument {
  return {
    ...base,
    nodes: nodes.map(({ data: { node }, position }) =>
      position.x === node.position.x && position.y === node.position.y ? node : { ...node, position: { x: position.x, y: position.y } },
    ),
    edges: edges.flatMap((edge) => (edge.data ? [edge.data.edge] : [])),
  };
}
