import { AgentToolsEditor } from "../ai-agent/agent-tools-editor";
import { ExtractFieldsEditor } from "../ai-agent/extract-fields-editor";
import { NumberField } from "../fields/number-field";
import { SelectField } from "../fields/select-field";
import { TextField } from "../fields/text-field";
import type { FormProps } from "./form-props";

const HISTORY = [
  { value: "none", label: "Start afresh on each visit" },
  { value: "session", label: "Go on with the earlier conversation" },
] as const;

/** The ai_agent inspector: provider and model, the instructions, tools, extract fields and limits. */
export function AiAgentForm({ data, errors, onChange }: FormProps<"ai_agent">) {
  return (
    <>
      <div className="field-row">
        <TextField label="AI provider" value={data.provider} errors={errors.at("provider")} hint="A provider's name (Settings → AI providers)" onChange={(provider) => onChange({ ...data, provider }, { coalesce: "provider" })} />
        <TextField
          label="Model"
          value={data.model ?? ""}
          placeholder="the provider's default"
          errors={errors.at("model")}
          onChange={(model) => {
            const { model: _old, ...rest } = data;
            onChange(model === "" ? rest : { ...rest, model }, { coalesce: "model" });
          }}
        />
      </div>
      <TextField
        label="Instructions"
        value={data.instructions}
        multiline
        rows={8}
        errors={errors.at("instructions")}
        hint="The system prompt; {{vars.name}} and other placeholders are filled in when the node starts."
        onChange={(instructions) => onChange({ ...data, instructions }, { coalesce: "instructions" })}
      />
      <SelectField label="History" value={data.history} options={HISTORY} errors={errors.at("history")} onChange={(history) => onChange({ ...data, history })} />
      <AgentToolsEditor tools={data.tools} errors={errors} onChange={(tools, coalesce) => onChange({ ...data, tools }, coalesce === undefined ? {} : { coalesce })} />
      <ExtractFieldsEditor
        extract={data.extract}
        errors={errors}
        onChange={(extract, coalesce) => {
          const { extract: _old, ...rest } = data;
          onChange(extract === undefined ? rest : { ...rest, extract }, coalesce === undefined ? {} : { coalesce });
        }}
      />
      <div className="field-row">
        <NumberField label="Max model turns" value={data.maxTurns} min={1} max={50} errors={errors.at("maxTurns")} onChange={(maxTurns) => onChange({ ...data, maxTurns }, { coalesce: "maxTurns" })} />
        <NumberField label="Turn timeout (s)" value={data.timeoutSeconds} min={1} max={120} errors={errors.at("timeoutSeconds")} onChange={(timeoutSeconds) => onChange({ ...data, timeoutSeconds }, { coalesce: "timeoutSeconds" })} />
        <NumberField label="Customer reply (s)" value={data.replyTimeoutSeconds} min={5} max={86400} errors={errors.at("replyTimeoutSeconds")} onChange={(replyTimeoutSeconds) => onChange({ ...data, replyTimeoutSeconds }, { coalesce: "replyTimeoutSeconds" })} />
      </div>
      <TextField label="Handoff reason goes to" value={data.handoffVariable} monospace errors={errors.at("handoffVariable")} onChange={(handoffVariable) => onChange({ ...data, handoffVariable }, { coalesce: "handoffVariable" })} />
    </>
  );
}
