import { useState } from "react";
import { type AgentTool, HttpTool, ToolParameters } from "../../../../../flow-schema/nodes/ai-agent";
import { HttpMethod } from "../../../../../flow-schema/nodes/http";
import type { FieldErrors } from "../field-errors";
import { FieldProblems } from "../fields/field-problems";
import { ListControls } from "../fields/list-controls";
import { moveItem, removeItem, replaceItem } from "../fields/list-edits";
import { SelectField } from "../fields/select-field";
import { TextField } from "../fields/text-field";

const METHODS = HttpMethod.options.map((method) => ({ value: method, label: method }));
const KINDS = [
  { value: "http", label: "HTTP tool (your API)" },
  { value: "handoff", label: "Built-in: handoff to a person" },
  { value: "end", label: "Built-in: end (done)" },
  { value: "set_variables", label: "Built-in: set variables" },
] as const;
type Kind = (typeof KINDS)[number]["value"];

/** A fresh tool of a kind: a parsing HTTP tool, or the built-in. */
function toolOf(kind: Kind, index: number): AgentTool {
  switch (kind) {
    case "http":
      return HttpTool.parse({ kind: "http", name: `tool_${index + 1}`, description: "What it does, for the model", url: "https://api.example.com/lookup?q={{args.query}}", method: "GET", parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] } });
    case "set_variables":
      return { kind: "set_variables", variables: ["topic"] };
    default:
      return { kind };
  }
}

/** The arguments' JSON Schema as text: kept as typed until it parses, then written back. */
function ParametersField({ value, errors, onChange }: { value: HttpTool["parameters"]; errors: readonly string[]; onChange: (parameters: HttpTool["parameters"]) => void }) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  return (
    <TextField
      label="Arguments (JSON Schema)"
      value={text}
      multiline
      monospace
      rows={5}
      errors={problem === undefined ? errors : [problem, ...errors]}
      hint="An object schema: the model fills these; the URL reads them as {{args.<name>}}. Sent as the JSON body (not for GET)."
      onChange={(next) => {
        setText(next);
        try {
          const parsed = ToolParameters.safeParse(JSON.parse(next));
          if (!parsed.success) return setProblem("must be {\"type\": \"object\", \"properties\": {…}}");
          setProblem(undefined);
          onChange(parsed.data);
        } catch {
          setProblem("not JSON yet");
        }
      }}
    />
  );
}

/** The tools table: HTTP tools with their request, and the built-ins. */
export function AgentToolsEditor({ tools, errors, onChange }: { tools: AgentTool[]; errors: FieldErrors; onChange: (tools: AgentTool[], coalesce?: string) => void }) {
  const [adding, setAdding] = useState<Kind>("http");
  return (
    <fieldset className="list-editor">
      <legend>Tools</legend>
      <FieldProblems errors={errors.at("tools")} />
      <ol className="list-rows">
        {tools.map((tool, index) => (
          <li key={index} className="list-row" aria-label={`Tool ${index + 1}`}>
            <div className="list-row-head">
              <span className="list-row-title">{tool.kind === "http" ? tool.name : tool.kind}</span>
              <ListControls
                index={index}
                count={tools.length}
                what={`tool ${tool.kind === "http" ? tool.name : tool.kind}`}
                onMove={(from, to) => onChange(moveItem(tools, from, to))}
                onRemove={(at) => onChange(removeItem(tools, at))}
              />
            </div>
            <div className="list-row-fields">
              {tool.kind === "http" && (
                <>
                  <TextField label="Name" value={tool.name} monospace errors={errors.at("tools", index, "name")} onChange={(name) => onChange(replaceItem(tools, index, { ...tool, name }), `tools.${index}.name`)} />
                  <TextField label="Description" value={tool.description} errors={errors.at("tools", index, "description")} onChange={(description) => onChange(replaceItem(tools, index, { ...tool, description }), `tools.${index}.description`)} />
                  <div className="field-row field-row-method">
                    <SelectField label="Method" value={tool.method} options={METHODS} errors={errors.at("tools", index, "method")} onChange={(method) => onChange(replaceItem(tools, index, { ...tool, method }))} />
                    <TextField label="URL" value={tool.url} monospace errors={errors.at("tools", index, "url")} onChange={(url) => onChange(replaceItem(tools, index, { ...tool, url }), `tools.${index}.url`)} />
                  </div>
                  <ParametersField value={tool.parameters} errors={errors.at("tools", index, "parameters")} onChange={(parameters) => onChange(replaceItem(tools, index, { ...tool, parameters }), `tools.${index}.parameters`)} />
                </>
              )}
              {tool.kind === "set_variables" && (
                <TextField
                  label="Variables it may set"
                  value={tool.variables.join(", ")}
                  monospace
                  errors={errors.at("tools", index, "variables")}
                  hint="Comma-separated variable names; the model may set no others."
                  onChange={(text) => onChange(replaceItem(tools, index, { ...tool, variables: text.split(",").map((name) => name.trim()).filter((name) => name !== "") }), `tools.${index}.variables`)}
                />
              )}
              {tool.kind !== "http" && (
                <TextField
                  label="Description for the model"
                  value={tool.description ?? ""}
                  placeholder="(the built-in one)"
                  onChange={(description) => {
                    const { description: _old, ...rest } = tool;
                    onChange(replaceItem(tools, index, description === "" ? rest : { ...rest, description }), `tools.${index}.description`);
                  }}
                />
              )}
            </div>
          </li>
        ))}
      </ol>
      <div className="field-row">
        <SelectField label="New tool" value={adding} options={KINDS} onChange={setAdding} />
        <button type="button" className="button button-small add-button" disabled={tools.length >= 20} onClick={() => onChange([...tools, toolOf(adding, tools.length)])}>
          + Add tool
        </button>
      </div>
    </fieldset>
  );
}
