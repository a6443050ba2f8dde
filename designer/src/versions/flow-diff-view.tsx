import { type ChangedNode, type FlowDiff, hasChanges, type NodeAspect, type NodeRef } from "./flow-diff";

const ASPECT_TEXT: Record<NodeAspect, string> = {
  type: "type",
  label: "label",
  data: "settings",
  edges: "connections",
  position: "position",
};

function NodeName({ node }: { node: NodeRef }) {
  return (
    <>
      <strong>{node.label ?? node.id}</strong> <span className="muted small">{node.label === undefined ? node.type : `${node.id} · ${node.type}`}</span>
    </>
  );
}

function Group({ title, kind, nodes }: { title: string; kind: string; nodes: ReadonlyArray<NodeRef | ChangedNode> }) {
  if (nodes.length === 0) return null;
  return (
    <div className={`diff-group diff-${kind}`} role="group" aria-label={title}>
      <h4>
        {title} ({nodes.length})
      </h4>
      <ul>
        {nodes.map((node) => (
          <li key={node.id}>
            <NodeName node={node} />
            {"aspects" in node && <span className="diff-aspects"> — {node.aspects.map((aspect) => ASPECT_TEXT[aspect]).join(", ")} changed</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the draft changes against the live version: nodes added, removed, changed, only moved. */
export function FlowDiffView({ diff, liveVersion }: { diff: FlowDiff; liveVersion: number | null }) {
  return (
    <section className="flow-diff" aria-label="Changes">
      <h3>{liveVersion === null ? "Not published yet: every node is new" : `Changes against the live version (v${liveVersion})`}</h3>
      {liveVersion !== null && !hasChanges(diff) && (
        <p className="muted">{diff.moved.length > 0 ? "Only node positions changed." : "No changes: the draft is the same as the live version."}</p>
      )}
      <Group title="Added" kind="added" nodes={diff.added} />
      <Group title="Removed" kind="removed" nodes={diff.removed} />
      <Group title="Changed" kind="changed" nodes={diff.changed} />
      {diff.moved.length > 0 && (
        <p className="muted small" aria-label="Moved only">
          Only moved on the canvas: {diff.moved.map((node) => node.label ?? node.id).join(", ")}.
        </p>
      )}
      {diff.flow.length > 0 && <p className="small">Flow {diff.flow.join(", ")} changed.</p>}
    </section>
  );
}
