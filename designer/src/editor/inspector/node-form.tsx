import type { UpdateDataOptions } from "../store/editor-state";
import { useEditorStore } from "../store/editor-context";
import type { EditorNode } from "../store/flow-types";
import type { FieldErrors } from "./field-errors";
import { AiAgentForm } from "./forms/ai-agent-form";
import { ConditionForm } from "./forms/condition-form";
import { DialForm } from "./forms/dial-form";
import { GatherForm } from "./forms/gather-form";
import { GotoFlowForm } from "./forms/goto-flow-form";
import { GreetingForm } from "./forms/greeting-form";
import { HangupForm } from "./forms/hangup-form";
import { HttpForm } from "./forms/http-form";
import { MenuForm } from "./forms/menu-form";
import { PlaceholderForm } from "./forms/placeholder-form";
import { RecordForm } from "./forms/record-form";
import { SendMessageForm } from "./forms/send-message-form";
import { ReturnForm } from "./forms/return-form";
import { SetVariablesForm } from "./forms/set-variables-form";
import { SubflowForm } from "./forms/subflow-form";
import { TimingForm } from "./forms/timing-form";
import { TransferForm } from "./forms/transfer-form";

/** The form of a node's type, writing its changes to the store. */
export function NodeForm({ node, errors }: { node: EditorNode; errors: FieldErrors }) {
  const store = useEditorStore();
  const update = store.getState().updateNodeData;
  const id = node.id;
  const opts = (options?: UpdateDataOptions) => options ?? {};
  switch (node.type) {
    case "greeting":
      return <GreetingForm data={node.data} errors={errors} onChange={(data, options) => update(id, "greeting", data, opts(options))} />;
    case "menu":
      return <MenuForm data={node.data} errors={errors} onChange={(data, options) => update(id, "menu", data, opts(options))} />;
    case "gather":
      return <GatherForm data={node.data} errors={errors} onChange={(data, options) => update(id, "gather", data, opts(options))} />;
    case "http":
      return <HttpForm data={node.data} errors={errors} onChange={(data, options) => update(id, "http", data, opts(options))} />;
    case "timing":
      return <TimingForm data={node.data} errors={errors} onChange={(data, options) => update(id, "timing", data, opts(options))} />;
    case "condition":
      return <ConditionForm data={node.data} errors={errors} onChange={(data, options) => update(id, "condition", data, opts(options))} />;
    case "set_variables":
      return <SetVariablesForm data={node.data} errors={errors} onChange={(data, options) => update(id, "set_variables", data, opts(options))} />;
    case "transfer":
      return <TransferForm data={node.data} errors={errors} onChange={(data, options) => update(id, "transfer", data, opts(options))} />;
    case "goto_flow":
      return <GotoFlowForm data={node.data} errors={errors} onChange={(data, options) => update(id, "goto_flow", data, opts(options))} />;
    case "subflow":
      return <SubflowForm data={node.data} errors={errors} onChange={(data, options) => update(id, "subflow", data, opts(options))} />;
    case "return":
      return <ReturnForm data={node.data} errors={errors} onChange={(data, options) => update(id, "return", data, opts(options))} />;
    case "hangup":
      return <HangupForm data={node.data} errors={errors} onChange={(data, options) => update(id, "hangup", data, opts(options))} />;
    case "ai_agent":
      return <AiAgentForm data={node.data} errors={errors} onChange={(data, options) => update(id, "ai_agent", data, opts(options))} />;
    case "dial":
      return <DialForm data={node.data} errors={errors} onChange={(data, options) => update(id, "dial", data, opts(options))} />;
    case "send_message":
      return <SendMessageForm data={node.data} errors={errors} onChange={(data, options) => update(id, "send_message", data, opts(options))} />;
    case "record":
      return <RecordForm data={node.data} errors={errors} onChange={(data, options) => update(id, "record", data, opts(options))} />;
    case "placeholder":
      return <PlaceholderForm data={node.data} />;
    default: {
      const unknown: never = node;
      return unknown;
    }
  }
}
