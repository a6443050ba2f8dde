import { z } from "zod";
import { Prompt, promptTemplates } from "../prompt";
import { VariableName } from "../primitives";
import { defineNode, noPatterns, noProblems, truncate } from "./node-definition";

export const RecordData = z.strictObject({
  prompt: Prompt.optional().describe("Said or played before the beep, e.g. Please leave a message after the tone"),
  playBeep: z.boolean().default(true).describe("A beep when the recording starts"),
  maxLengthSeconds: z.number().int().min(1).max(3600).default(120).describe("The longest recording; it stops there"),
  silenceTimeoutSeconds: z.number().int().min(1).max(60).default(5).describe("Silence that ends the recording"),
  finishOnKey: z.enum(["#", "*", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ""]).default("#").describe("A key that ends the recording; empty: none"),
  transcribe: z.boolean().default(false).describe("Transcribe the recording with the speech engine (vars.<storeAs>.transcript)"),
  storeAs: VariableName.optional().describe("Variable that receives {id, url, durationSeconds, digits?, transcript?} (digits: the finish key that ended it)"),
});
export type RecordData = z.infer<typeof RecordData>;

/**
 * record: a voicemail. After the prompt and a beep the caller's audio is recorded until silence,
 * the finish key or the maximum length, stored with the session, and the node leaves by
 * `recorded`; `no_audio` when nothing was said; `hangup` when the caller hung up while recording
 * (what was recorded is kept). `nodes.<id>` gets `{status, recordingId, url, durationSeconds,
 * transcript?}`.
 */
export const recordNode = defineNode({
  type: "record",
  title: "Record",
  description: "Record the caller (a voicemail) after a beep; keep it with the session, optionally transcribed.",
  data: RecordData,
  starter: () => ({ prompt: { text: "Please leave a message after the tone. Press the pound key when you are done." } }),
  outputs: () => [
    { id: "recorded", label: "Recorded" },
    { id: "no_audio", label: "No audio" },
    { id: "hangup", label: "Caller hung up" },
  ],
  terminal: false,
  waitsForInput: true,
  channels: () => ["voice"],
  templates: (data) => (data.prompt === undefined ? [] : promptTemplates(data.prompt).map((template) => ({ pointer: "/prompt/text", template }))),
  writes: (data) => (data.storeAs === undefined ? [] : [data.storeAs]),
  patterns: noPatterns,
  // After a hang-up nobody is left to talk to: leaving `hangup` unconnected ends the session, as a hang-up does anyway.
  optionalHandle: (handle) => handle === "hangup",
  check: noProblems,
  summary: (data) => truncate(`up to ${data.maxLengthSeconds}s · silence ${data.silenceTimeoutSeconds}s${data.finishOnKey === "" ? "" : ` · ends on ${data.finishOnKey}`}${data.transcribe ? " · transcribed" : ""}`),
});
