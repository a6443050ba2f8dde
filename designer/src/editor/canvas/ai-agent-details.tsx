import type { DataOf } from "../store/flow-types";

/** An ai_agent's card: provider and model, its tools, the fields it extracts. */
export function AiAgentDetails({ data }: { data: DataOf<"ai_agent"> }) {
  const tools = data.tools.map((tool) => (tool.kind === "http" ? tool.name : tool.kind));
  const fields = Object.keys(data.extract?.properties ?? {});
  return (
    <>
      <p className="flow-node-meta">
        <strong>{data.provider}</strong>
        {data.model === undefined ? "" : ` · ${data.model}`} · {data.maxTurns} turns
      </p>
      <p className="flow-node-prompt">“{data.instructions.length > 90 ? `${data.instructions.slice(0, 89)}…` : data.instructions}”</p>
      <ul className="flow-node-lines">
        {tools.length > 0 && <li>tools: {tools.join(", ")}</li>}
        {fields.length > 0 && <li>extract: {fields.join(", ")}</li>}
      </ul>
    </>
  );
}
