import { HttpMethod } from "../../../../../flow-schema/nodes/http";
import { NumberField } from "../fields/number-field";
import { SelectField } from "../fields/select-field";
import { TextField } from "../fields/text-field";
import { KeyValueEditor } from "../key-value-editor";
import { StoreAsField } from "../fields/store-as-field";
import type { FormProps } from "./form-props";

const METHODS = HttpMethod.options.map((method) => ({ value: method, label: method }));

export function HttpForm({ data, errors, onChange }: FormProps<"http">) {
  return (
    <>
      <div className="field-row field-row-method">
        <SelectField label="Method" value={data.method} options={METHODS} errors={errors.at("method")} onChange={(method) => onChange({ ...data, method })} />
        <TextField label="URL" value={data.url} errors={errors.at("url")} monospace placeholder="https://api.example.com/…" onChange={(url) => onChange({ ...data, url }, { coalesce: "url" })} />
      </div>
      <KeyValueEditor
        legend="Headers"
        entries={data.headers}
        path={["headers"]}
        errors={errors}
        keyLabel="Header"
        valueLabel="Value"
        newKey="X-Header"
        onChange={(headers, coalesce) => onChange({ ...data, headers }, coalesce === undefined ? {} : { coalesce })}
      />
      <TextField
        label="Body"
        value={data.body ?? ""}
        errors={errors.at("body")}
        multiline
        monospace
        rows={4}
        hint={data.method === "GET" ? "A GET request has no body." : "JSON when it parses as JSON; {{templates}} allowed."}
        onChange={(body) => {
          const { body: _old, ...rest } = data;
          onChange(body === "" ? rest : { ...rest, body }, { coalesce: "body" });
        }}
      />
      <div className="field-row">
        <NumberField label="Timeout (s)" value={data.timeoutSeconds} min={1} max={10} errors={errors.at("timeoutSeconds")} onChange={(timeoutSeconds) => onChange({ ...data, timeoutSeconds }, { coalesce: "timeoutSeconds" })} />
        <StoreAsField label="Store response in" data={data} errors={errors} onChange={onChange} />
      </div>
    </>
  );
}
