import { hostname } from "node:os";

/** Ids a log line is about: in JSON lines they become fields, in text they are already in the message. */
export interface LogFields {
  sessionId?: string;
  callId?: string;
  channelId?: string;
  conversationId?: string;
  level?: "info" | "warn" | "error";
}

/** Where the runtime's log lines go: one line of text, and optionally the ids it is about. */
export type Log = (line: string, fields?: LogFields) => void;

export type LogFormat = "text" | "json";

/** This instance's name in logs and metrics: `INSTANCE_ID`, else host name and process id. */
export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}`;
}

/**
 * A log that writes each line to `sink` in `format`: `text` passes the message unchanged (the fields
 * are left out: text lines already name their ids), `json` writes one object per line:
 * `{time, level, instance, msg, sessionId?, callId?, …}`.
 */
export function formatLog(sink: (line: string) => void, format: LogFormat, instance: string, now: () => Date = () => new Date()): Log {
  if (format === "text") return (line) => sink(line);
  return (line, fields = {}) => {
    const { level = "info", ...ids } = fields;
    sink(JSON.stringify({ time: now().toISOString(), level, instance, msg: line, ...ids }));
  };
}
