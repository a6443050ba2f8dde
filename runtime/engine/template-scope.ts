import type { TemplateScope } from "../../flow-schema/index";
import type { SessionState } from "./session-state";

/**
 * What templates can read: `{{caller.phone}}`, `{{call.id}}`, `{{channel.type}}`, `{{flow.id}}`,
 * `{{flow.version}}`, `{{session.id}}`, `{{vars.<name>}}`, `{{nodes.<id>.<field>}}`.
 */
export function templateScope(state: SessionState): TemplateScope {
  return {
    caller: state.caller,
    call: state.call,
    channel: state.channel,
    flow: { id: state.flow.flowId, version: state.flow.version },
    session: { id: state.sessionId, startedAt: state.startedAt },
    vars: state.vars,
    nodes: state.nodes,
  };
}
