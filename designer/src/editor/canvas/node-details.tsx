import { describeRule } from "../../../../flow-schema/nodes/condition";
import { WEEKDAYS } from "../../../../flow-schema/nodes/timing";
import type { EditorNode } from "../store/flow-types";
import { AiAgentDetails } from "./ai-agent-details";
import { RecordDetails } from "./record-details";
import { scheduleLines } from "./schedule-lines";
import { SendMessageDetails } from "./send-message-details";

function PromptText({ text, audio }: { text?: string | undefined; audio?: string | undefined }) {
  if (text !== undefined && text.trim() !== "") return <p className="flow-node-prompt">“{text}”</p>;
  if (audio !== undefined) return <p className="flow-node-prompt">♪ {audio}</p>;
  return <p className="flow-node-prompt flow-node-missing">No prompt yet</p>;
}

function Lines({ lines }: { lines: readonly string[] }) {
  return (
    <ul className="flow-node-lines">
      {lines.map((line, index) => (
        <li key={`${index}-${line}`}>{line}</li>
      ))}
    </ul>
  );
}

/** What a node's card shows of its data: the prompt, options, team, schedule… */
export function NodeDetails({ node }: { node: EditorNode }) {
  switch (node.type) {
    case "greeting":
      return <PromptText text={node.data.prompt.text} audio={node.data.prompt.audio} />;
    case "menu":
      return (
        <>
          <PromptText text={node.data.prompt.text} audio={node.data.prompt.audio} />
          <p className="flow-node-meta">
            {node.data.input === "dtmf" ? "Keypad" : node.data.input === "speech" ? "Speech" : "Keypad or speech"} · {node.data.timeoutSeconds}s · {node.data.maxRetries} retries
          </p>
        </>
      );
    case "gather":
      return (
        <>
          <PromptText text={node.data.prompt.text} audio={node.data.prompt.audio} />
          <p className="flow-node-meta">
            {node.data.minDigits}–{node.data.maxDigits} digits → <code>vars.{node.data.storeAs}</code>
          </p>
        </>
      );
    case "http":
      return (
        <p className="flow-node-meta flow-node-mono">
          <strong>{node.data.method}</strong> {node.data.url}
        </p>
      );
    case "timing":
      return (
        <>
          <p className="flow-node-meta">{node.data.timezone}</p>
          <Lines lines={scheduleLines(node.data.schedule, WEEKDAYS)} />
          {node.data.holidays.length > 0 && <p className="flow-node-meta">{node.data.holidays.length} holiday(s)</p>}
        </>
      );
    case "condition":
      return <Lines lines={node.data.rules.map((rule) => describeRule(rule))} />;
    case "set_variables":
      return <Lines lines={node.data.assignments.map((assignment) => `${assignment.name} = ${assignment.value}`)} />;
    case "transfer":
      return (
        <p className="flow-node-meta">
          Team <strong>{node.data.teamId}</strong> · {node.data.priority} · {node.data.timeoutSeconds}s
        </p>
      );
    case "dial":
      return (
        <p className="flow-node-meta">
          Dials <strong>{node.data.to}</strong> · rings {node.data.timeoutSeconds}s{node.data.record ? " · recorded" : ""}
        </p>
      );
    case "goto_flow":
      return (
        <p className="flow-node-meta">
          Continues in <strong>{node.data.flowId}</strong>
        </p>
      );
    case "subflow": {
      const inputs = Object.keys(node.data.inputs);
      const outputs = Object.entries(node.data.outputs);
      return (
        <>
          <p className="flow-node-meta">
            Calls <strong>{node.data.flowId}</strong>
            {node.data.version === undefined ? "" : ` v${node.data.version}`}
          </p>
          {(inputs.length > 0 || outputs.length > 0) && (
            <Lines lines={[...(inputs.length > 0 ? [`in: ${inputs.join(", ")}`] : []), ...outputs.map(([output, variable]) => `${output} → vars.${variable}`)]} />
          )}
        </>
      );
    }
    case "return":
      return (
        <>
          <p className="flow-node-meta">
            Returns <strong>{node.data.outcome}</strong>
          </p>
          {Object.keys(node.data.outputs).length > 0 && <Lines lines={Object.entries(node.data.outputs).map(([output, value]) => `${output} = ${value}`)} />}
        </>
      );
    case "hangup":
      return node.data.prompt ? <PromptText text={node.data.prompt.text} audio={node.data.prompt.audio} /> : <p className="flow-node-meta">Ends the call</p>;
    case "ai_agent":
      return <AiAgentDetails data={node.data} />;
    case "send_message":
      return <SendMessageDetails data={node.data} />;
    case "record":
      return <RecordDetails data={node.data} />;
    case "placeholder":
      return (
        <>
          <p className="flow-node-meta flow-node-missing">
            Not converted: {node.data.source} <code>{node.data.originalType}</code>
          </p>
          <p className="flow-node-meta">{node.data.mapsTo === undefined ? "No Switchboard node does this yet" : `Will become a ${node.data.mapsTo} node`}</p>
        </>
      );
    default: {
      const unknown: never = node;
      return unknown;
    }
  }
}
