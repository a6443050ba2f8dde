import { z } from "zod";
import { Template, VariableName } from "../primitives";
import { defineNode, noPatterns, noProblems, truncate } from "./node-definition";

/** How a dial ended: one handle each. */
export const DialStatus = z.enum(["completed", "busy", "no_answer", "failed"]);
export type DialStatus = z.infer<typeof DialStatus>;

/** A `sip:` or `sips:` URI: dialled as a SIP address, anything else as a phone number. */
export function isSipAddress(to: string): boolean {
  return /^sips?:/i.test(to.trim());
}

export const DialData = z.strictObject({
  to: Template.min(1).describe("The number (E.164, e.g. +14155550100) or SIP address (sip:alice@example.com) to connect the caller to; a template"),
  callerId: Template.optional().describe("The caller id the called party sees (a number of yours, or a template such as {{call.to}}); default: the caller's own number on Twilio, the trunk's first number through a SIP trunk"),
  timeoutSeconds: z.number().int().min(5).max(600).default(30).describe("How long the other side rings before no_answer"),
  timeLimitSeconds: z.number().int().min(1).max(14_400).default(14_400).describe("The longest the connected call may last"),
  record: z.boolean().default(false).describe("Record the connected call (both sides)"),
  storeAs: VariableName.optional().describe("Variable that receives {status, durationSeconds} (also in nodes.<id>)"),
});
export type DialData = z.infer<typeof DialData>;

const LABELS: Record<DialStatus, string> = { completed: "Completed", busy: "Busy", no_answer: "No answer", failed: "Failed" };

export const dialNode = defineNode({
  type: "dial",
  title: "Dial out",
  description: "Connect the caller to an outside number or SIP address; continue when that call ends.",
  data: DialData,
  starter: () => ({ to: "+14155550100" }),
  outputs: () => DialStatus.options.map((id) => ({ id, label: LABELS[id] })),
  terminal: false,
  waitsForInput: true,
  channels: () => ["voice"],
  templates: (data) => [{ pointer: "/to", template: data.to }, ...(data.callerId === undefined ? [] : [{ pointer: "/callerId", template: data.callerId }])],
  writes: (data) => (data.storeAs === undefined ? [] : [data.storeAs]),
  patterns: noPatterns,
  // After the call the caller is often done: an unconnected handle ends the flow, which is a choice.
  optionalHandle: (_handle, connected) => connected.size === 0,
  check: noProblems,
  summary: (data) => truncate(`${data.to} · ring ${data.timeoutSeconds}s${data.record ? " · recorded" : ""}`),
});
