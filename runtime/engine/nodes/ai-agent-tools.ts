import { type AiAgentData, type ExtractField, type ExtractSchema, toolName } from "../../../flow-schema/nodes/ai-agent";
import type { ToolSpec } from "../../ai/chat-message";

/** The tool the model fills `extract` through. */
export const SAVE_FIELDS = "save_fields";

const scalar = { type: ["string", "number", "boolean"] };

/** The tools the model is offered: the node's, the built-ins it declares, and save_fields when it extracts. */
export function toolSpecs(data: AiAgentData): ToolSpec[] {
  const specs = data.tools.map((tool): ToolSpec => {
    switch (tool.kind) {
      case "http":
        return { name: tool.name, description: tool.description, parameters: tool.parameters };
      case "handoff":
        return {
          name: toolName(tool),
          description: tool.description ?? "Hand the conversation over to a person. Call it when the customer asks for one or you cannot help.",
          parameters: { type: "object", properties: { reason: { type: "string", description: "Why a person should take over, in one sentence" } }, required: ["reason"] },
        };
      case "end":
        return { name: toolName(tool), description: tool.description ?? "End the conversation once the customer's request is complete.", parameters: { type: "object", properties: {} } };
      case "set_variables":
        return {
          name: toolName(tool),
          description: tool.description ?? `Remember values for later steps: ${tool.variables.join(", ")}.`,
          parameters: { type: "object", properties: Object.fromEntries(tool.variables.map((name) => [name, scalar])) },
        };
    }
  });
  if (data.extract !== undefined) {
    specs.push({
      name: SAVE_FIELDS,
      description: "Save what the customer told you, as soon as you learn it. Pass only the fields you know; call it again when you learn more.",
      parameters: { type: "object", properties: data.extract.properties },
    });
  }
  return specs;
}

/** What the system prompt adds when the node extracts fields. */
export function extractGuidance(extract: ExtractSchema): string {
  const fields = Object.entries(extract.properties).map(([name, field]) => `- ${name} (${field.type}${field.format ? `, ${field.format}` : ""})${field.description ? `: ${field.description}` : ""}`);
  const required = extract.required ?? [];
  return [
    "Find out the following and save each with the save_fields tool as soon as you know it:",
    ...fields,
    ...(required.length === 0 ? [] : [`Required before you finish: ${required.join(", ")}.`]),
  ].join("\n");
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value the model gave for one extract field, converted to the field's type; or why it does not fit. */
export function fieldValue(field: ExtractField, value: unknown): { ok: true; value: string | number | boolean } | { ok: false; problem: string } {
  let converted: string | number | boolean;
  switch (field.type) {
    case "string":
      if (typeof value !== "string" && typeof value !== "number") return { ok: false, problem: "expected text" };
      converted = String(value).trim();
      if (converted.length > 1000) return { ok: false, problem: "longer than 1000 characters" };
      if (field.format === "email" && !EMAIL.test(converted)) return { ok: false, problem: "not an email address" };
      if (field.format === "date" && (!DATE.test(converted) || Number.isNaN(Date.parse(converted)))) return { ok: false, problem: "not a date as YYYY-MM-DD" };
      break;
    case "number":
    case "integer": {
      const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value.replace(/[\s,]/g, "")) : Number.NaN;
      if (!Number.isFinite(number)) return { ok: false, problem: "expected a number" };
      if (field.type === "integer" && !Number.isInteger(number)) return { ok: false, problem: "expected a whole number" };
      if (field.minimum !== undefined && number < field.minimum) return { ok: false, problem: `less than ${field.minimum}` };
      if (field.maximum !== undefined && number > field.maximum) return { ok: false, problem: `more than ${field.maximum}` };
      converted = number;
      break;
    }
    case "boolean":
      if (typeof value === "boolean") converted = value;
      else if (value === "true" || value === "false") converted = value === "true";
      else return { ok: false, problem: "expected true or false" };
      break;
  }
  if (field.enum !== undefined && !field.enum.includes(converted === true || converted === false ? String(converted) : converted)) {
    return { ok: false, problem: `not one of ${field.enum.join(", ")}` };
  }
  return { ok: true, value: converted };
}
