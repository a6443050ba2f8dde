import type { EdgeChange, NodeChange } from "@xyflow/react";
import type { FlowDocumentInput } from "../../../../flow-schema/document";
import type { NodeType } from "../../../../flow-schema/nodes/catalog";
import type { Diagnostic } from "../../../../flow-schema/validate/diagnostic";
import type { CanvasEdge, CanvasNode } from "./canvas-graph";
import type { NodesFragment } from "./clipboard-fragment";
import type { ProposedConnection } from "./connection-rules";
import type { DataOf, EditorDocument, Size, XY } from "./flow-types";
import type { HandleMemory } from "./node-outputs";
import type { CanvasAnalytics } from "../analytics/canvas-analytics";

/** What the simulator and call logs ask the canvas to show: the node a session is at, and the nodes it went through. */
export interface Highlight {
  currentNodeId: string | null;
  path: readonly string[];
}

/** A published version shown on the canvas instead of the draft: nothing can be edited. */
export interface ReadOnlyView {
  document: EditorDocument;
  version?: number;
}

/** Asks the canvas to centre a node (and point at an edge or handle). `nonce` makes a repeated request new. */
export interface FocusRequest {
  nodeId: string;
  edgeId?: string;
  handle?: string;
  nonce: number;
}

export type SaveStatus = "saved" | "dirty" | "saving" | "failed" | "conflict";

export interface SaveState {
  status: SaveStatus;
  /** Why the draft is not saved (failed), or why it cannot be yet (dirty with invalid data). */
  message?: string;
  /** On conflict: the revision another tab saved. */
  currentRevision?: number;
}

export interface ProblemCount {
  errors: number;
  warnings: number;
}

export interface EditorData {
  flowId: string;
  /** The draft being edited: the only part of the state that undo and redo track. */
  document: EditorDocument;
  /** The draft revision the document is based on (sent as baseRevision). */
  revision: number;
  selectedNodeIds: readonly string[];
  selectedEdgeIds: readonly string[];
  /** Node sizes measured by React Flow. */
  measured: Readonly<Record<string, Size>>;
  highlight: Highlight;
  readOnly: ReadOnlyView | null;
  focus: FocusRequest | null;
  diagnostics: readonly Diagnostic[];
  problemsByNode: Readonly<Record<string, ProblemCount>>;
  save: SaveState;
  /** Remembers each node's handles while its data is being edited. */
  handles: HandleMemory;
  /** Sessions per edge and endings per node over the canvas (the toolbar's Analytics), or null. */
  analytics: CanvasAnalytics | null;
}

export interface UpdateDataOptions {
  /** Old handle id → new handle id, so edges follow a renamed menu key or rule id. */
  renames?: Readonly<Record<string, string>>;
  /** Consecutive edits with the same key within a second are one undo step (typing in a field). */
  coalesce?: string;
}

export interface EditorActions {
  /** React Flow's node changes: sizes, positions, selection (removal goes through deleteSelection). */
  applyNodeChanges(changes: NodeChange<CanvasNode>[]): void;
  /** React Flow's edge changes: selection. */
  applyEdgeChanges(changes: EdgeChange<CanvasEdge>[]): void;
  /** A drag is one undo step: tracking pauses from here… */
  beginDrag(): void;
  /** …and the whole move is recorded here. */
  endDrag(): void;
  /** Connects an output to a node; replaces the handle's edge. False when refused. */
  connect(connection: ProposedConnection): boolean;
  /** Removes the edge on one output handle. */
  disconnect(source: string, sourceHandle: string): void;
  /** Why a connection could never be valid; undefined when it may be made. */
  connectionProblem(connection: ProposedConnection): string | undefined;
  /** Adds a node of `type` with its starter data, centred near `centre` where it overlaps nothing; selects it and returns its id. */
  placeNode(type: NodeType, centre: XY): string | undefined;
  updateNodeData<K extends NodeType>(nodeId: string, type: K, data: DataOf<K>, options?: UpdateDataOptions): void;
  setNodeLabel(nodeId: string, label: string, coalesce?: boolean): void;
  /** Gives a node a new id; false when the id is invalid or taken. */
  renameNode(oldId: string, newId: string): boolean;
  setEntry(nodeId: string): void;
  deleteSelection(): void;
  /** The selected nodes (and the edges between them) as a clipboard fragment. */
  copySelection(): NodesFragment | undefined;
  /** Pastes a fragment with new ids: at `at` (top-left), or offset from where it was copied. Selects what was pasted. */
  paste(fragment: NodesFragment, at?: XY): void;
  /** Moves many nodes as one undo step (auto-layout). */
  applyPositions(positions: ReadonlyMap<string, XY>): void;
  undo(): void;
  redo(): void;
  /** Selects one node (or nothing) and centres it (unless `centre` is false). */
  selectNode(nodeId: string | null, options?: { centre?: boolean }): void;
  selectAll(): void;
  clearSelection(): void;
  /** Selects and centres a node, with the edge or handle a diagnostic names. */
  focusOn(target: { nodeId: string; edgeId?: string; handle?: string }): void;
  /** Highlights the node a session is at and the nodes it went through (simulator, call logs). */
  setHighlight(highlight: { currentNodeId?: string | null; path?: readonly string[] }): void;
  setAnalytics(analytics: CanvasAnalytics | null): void;
  /** Shows a published version read-only (autosave stops); null goes back to the draft. False when the document does not parse. */
  setReadOnly(document: FlowDocumentInput | null, info?: { version?: number }): boolean;
  setDiagnostics(diagnostics: readonly Diagnostic[]): void;
  setSave(save: SaveState): void;
  /** The draft was saved at `revision`. */
  markSaved(revision: number): void;
  /** Replaces the draft with the server's (Reload after a conflict); undo can bring the local one back. */
  replaceDocument(document: EditorDocument, revision: number): void;
}

export type EditorState = EditorData & EditorActions;
