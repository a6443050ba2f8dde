import { isRecord } from "../is-record";

/**
 * Whether a JSON document is a Twilio Studio flow definition: `states` and `initial_state`, and no
 * `schemaVersion`. The Studio API wraps it as `{definition: {...}}` in a flow resource; that
 * wrapper counts too (see unwrapStudioFlow).
 */
export function isStudioFlow(doc: unknown): boolean {
  const flow = unwrapStudioFlow(doc);
  return isRecord(flow) && flow.schemaVersion === undefined && (Array.isArray(flow.states) || "initial_state" in flow);
}

/** The definition itself: a flow resource from the Studio API (`{sid, friendly_name, definition}`) gives its `definition`. */
export function unwrapStudioFlow(doc: unknown): unknown {
  if (isRecord(doc) && isRecord(doc.definition) && !("states" in doc)) return doc.definition;
  return doc;
}
