import type { UpdateDataOptions } from "../../store/editor-state";
import type { FieldErrors } from "../field-errors";
import { TextField } from "./text-field";

/**
 * The variable a node stores its result in (`storeAs`): emptied, the key is left out of the data
 * rather than stored as "". Typing coalesces into one undo step.
 */
export function StoreAsField<Data extends { storeAs?: string | undefined }>({
  label,
  hint,
  data,
  errors,
  onChange,
}: {
  label: string;
  hint?: string;
  data: Data;
  errors: FieldErrors;
  onChange: (data: Data, options?: UpdateDataOptions) => void;
}) {
  return (
    <TextField
      label={label}
      value={data.storeAs ?? ""}
      hint={hint}
      errors={errors.at("storeAs")}
      monospace
      placeholder="variable name"
      onChange={(storeAs) => {
        const next = { ...data };
        delete next.storeAs;
        onChange(storeAs === "" ? next : Object.assign(next, { storeAs }), { coalesce: "storeAs" });
      }}
    />
  );
}
