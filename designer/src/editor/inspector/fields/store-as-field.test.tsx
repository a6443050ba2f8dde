import { describe, expect, it } from "vitest";
import { FieldErrors } from "../field-errors";
import { StoreAsField } from "./store-as-field";
import type { TextFieldProps } from "./text-field";

/** The TextField the StoreAsField renders, with what its onChange hands on. */
function field(data: { method: string; storeAs?: string }) {
  const changes: unknown[] = [];
  const element = StoreAsField({ label: "Store response in", data, errors: new FieldErrors([[["storeAs"], "not a variable name"]]), onChange: (next, options) => changes.push([next, options]) });
  const props: TextFieldProps = element.props;
  return { props, changes };
}

describe("StoreAsField", () => {
  it("shows the variable and its problem", () => {
    const { props } = field({ method: "GET", storeAs: "order" });
    expect(props).toMatchObject({ label: "Store response in", value: "order", errors: ["not a variable name"] });
  });

  it("stores a typed name as one undo step, and leaves the key out when emptied, keeping the rest", () => {
    const { props, changes } = field({ method: "GET", storeAs: "order" });
    props.onChange("order_2");
    props.onChange("");
    expect(changes).toEqual([
      [{ method: "GET", storeAs: "order_2" }, { coalesce: "storeAs" }],
      [{ method: "GET" }, { coalesce: "storeAs" }],
    ]);
    expect(Object.keys((changes[1] as [object])[0])).toEqual(["method"]);
  });
});
