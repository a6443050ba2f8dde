import { describe, expect, it } from "vitest";
import { SubflowData } from "../../../../../flow-schema/nodes/subflow";
import type { SubflowContract } from "../../../../../flow-schema/subflow-contract";
import { inputRows, outputRows, retarget, setInput, setOutput, withOutcomes } from "./subflow-mapping";

const contract: SubflowContract = {
  inputs: { reason: { type: "string" }, offer_caller_id: { type: "boolean", default: true } },
  outputs: { phone: { type: "string" } },
  outcomes: ["confirmed", "no_number"],
};
const data = SubflowData.parse({ flowId: "callback-number", inputs: { reason: "so we can call", colour: "red" }, outputs: { phone: "callback_number" }, outcomes: ["confirmed"] });

describe("subflow mapping in the inspector", () => {
  it("lists the called flow's inputs in its order with required and defaults, then mappings it does not declare", () => {
    expect(inputRows(data, contract)).toEqual([
      { name: "reason", type: "string", required: true, defaultValue: undefined, value: "so we can call" },
      { name: "offer_caller_id", type: "boolean", required: false, defaultValue: "true", value: "" },
      { name: "colour", type: undefined, required: false, defaultValue: undefined, value: "red" },
    ]);
    expect(outputRows(data, contract)).toEqual([{ name: "phone", type: "string", variable: "callback_number" }]);
  });

  it("an empty value removes the mapping, so the default applies", () => {
    expect(setInput(data, "reason", "").inputs).toEqual({ colour: "red" });
    expect(setInput(data, "offer_caller_id", "false").inputs).toEqual({ reason: "so we can call", colour: "red", offer_caller_id: "false" });
    expect(setOutput(data, "phone", "").outputs).toEqual({});
  });

  it("takes the handles from the called flow's outcomes, and a new called flow drops mappings and the pin it does not fit", () => {
    expect(withOutcomes(data, contract).outcomes).toEqual(["confirmed", "no_number"]);
    const moved = retarget({ ...data, version: 3 }, "other", contract);
    expect(moved).toEqual({ flowId: "other", inputs: { reason: "so we can call" }, outputs: { phone: "callback_number" }, outcomes: ["confirmed", "no_number"] });
    expect(SubflowData.safeParse(moved).success).toBe(true);
  });
});
