import { loadExamples } from "../../../../examples/load-examples";
import { FlowDocument, type FlowDocumentInput } from "../../../../flow-schema/document";
import type { EngineEvent } from "../../../../runtime/engine/events";
import type { FlowVersionRef } from "../../../../runtime/engine/flow-version";
import { SessionHarness } from "../../../../runtime/engine/testing/session-harness";
import { versionKey } from "../flow-version-ref";
import type { SessionStep } from "../sessions-api";

/** A session as the call logs get it, recorded by running the real engine over real documents. */
export interface RecordedSession {
  startedAt: string;
  endReason: string | null;
  flowId: string;
  version: number | null;
  steps: SessionStep[];
  /** The documents it may have run on, by `versionKey`. */
  documents: Map<string, FlowDocument>;
}

/** An example flow (examples/<id>.json) as published version `version`. */
export function exampleVersion(id: string, version = 1): FlowVersionRef {
  const example = loadExamples().find((file) => file.file === `${id}.json`);
  if (!example) throw new Error(`examples/${id}.json is missing`);
  return { flowId: id, version, document: FlowDocument.parse(example.document) };
}

/** A hand-written document as a flow version (`"draft"` for a draft simulation). */
export function documentVersion(input: FlowDocumentInput, version: number | "draft" = 1): FlowVersionRef {
  const document = FlowDocument.parse(input);
  return { flowId: document.id, version, document };
}

/** Weekday 11:00 in New York: the examples' business hours are open. */
export const OPEN = new Date("2026-06-03T15:00:00Z");

/**
 * Starts a session on `flow` (goto_flow reaches `published`), then sends each event 2 s apart, and
 * returns its steps numbered and shaped like GET /api/sessions/:id.
 */
export function recordSession(flow: FlowVersionRef, events: EngineEvent[], published: FlowVersionRef[] = []): RecordedSession {
  const call = new SessionHarness({ flow, published, now: OPEN });
  call.start();
  for (const event of events) {
    call.advance(2000);
    call.send(event);
  }
  const documents = new Map<string, FlowDocument>();
  for (const ref of [flow, ...published]) documents.set(versionKey(ref.flowId, ref.version === "draft" ? null : ref.version), ref.document);
  return {
    startedAt: OPEN.toISOString(),
    endReason: call.state.endReason,
    flowId: flow.flowId,
    version: flow.version === "draft" ? null : flow.version,
    steps: call.steps.map((record, index) => ({
      seq: index + 1,
      flowId: record.flowId,
      version: record.version === "draft" ? null : record.version,
      nodeId: record.nodeId,
      nodeType: record.nodeType,
      outcome: record.outcome,
      input: record.input ?? null,
      at: record.at,
    })),
    documents,
  };
}

/** `nodeId:outcome` per step. */
export const pathText = (steps: readonly SessionStep[]): string[] => steps.map((step) => `${step.nodeId}:${step.outcome ?? ""}`);
