import type { SendResult } from "../events";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { NodeOf } from "./node-of";

type SendMessageNode = NodeOf<"send_message">;

/**
 * send_message: emit a `send_message` (text and address rendered) and wait for `send_result`.
 * `sent` → `sent`; `failed` → `failed`, with the reason in the step's note. `nodes.<id>` gets
 * `{status, to, error?}`.
 */
export const sendMessageExecutor = {
  enter(run: Run, node: SendMessageNode): Outcome {
    const token = run.nextToken();
    const to = node.data.to === undefined ? undefined : run.render(node.data.to).trim();
    const { channelId } = node.data;
    run.emit({ type: "send_message", nodeId: node.id, token, text: run.render(node.data.text), ...(channelId === undefined ? {} : { channelId }), ...(to === undefined ? {} : { to }) });
    return { kind: "wait", waiting: { kind: "send", nodeId: node.id, token }, outcome: "waiting" };
  },

  resume(run: Run, node: SendMessageNode, result: SendResult): Outcome {
    const to = result.to ?? null;
    if (result.result === "sent") {
      run.setNodeResult(node.id, { status: "sent", to });
      return { kind: "follow", handle: "sent", ...(to === null ? {} : { note: `sent to ${to} through channel ${node.data.channelId ?? run.state.channel.id ?? run.state.channel.type}` }) };
    }
    const error = result.error ?? "the message was not sent";
    run.setNodeResult(node.id, { status: "failed", to, error });
    return { kind: "follow", handle: "failed", note: error };
  },
};
