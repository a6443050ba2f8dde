import { isSipAddress } from "../../../flow-schema/nodes/dial";
import type { DialResult } from "../events";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import type { NodeOf } from "./node-of";

type DialNode = NodeOf<"dial">;

/** `nodes.<id>` (and `vars.<storeAs>`): how the dial ended. */
function remember(run: Run, node: DialNode, result: { status: DialResult["status"]; durationSeconds: number; reason?: string | undefined }): void {
  const value = { status: result.status, durationSeconds: result.durationSeconds, ...(result.reason === undefined ? {} : { reason: result.reason }) };
  run.setNodeResult(node.id, value);
  if (node.data.storeAs !== undefined) run.setVar(node.data.storeAs, value);
}

/**
 * dial: emit a `dial` effect (the rendered number or SIP address) and wait for `dial_result`,
 * whose status is the handle taken: completed, busy, no_answer or failed. A `to` that renders
 * empty fails at once, and so do a chat session and a session whose call may not reach the phone network (the env's
 * `phoneNetworkRefusal`: a WhatsApp call), with that reason.
 */
export const dialExecutor = {
  enter(run: Run, node: DialNode): Outcome {
    const { data } = node;
    run.takeBargeIn();
    const to = run.render(data.to).trim();
    if (to === "") {
      const reason = "the number to dial is empty";
      remember(run, node, { status: "failed", durationSeconds: 0, reason });
      return { kind: "follow", handle: "failed", note: reason };
    }
    const refusal = run.state.channel.kind === "chat" ? "a chat has no call to connect: dial is a voice node" : run.env.phoneNetworkRefusal;
    if (refusal !== undefined) {
      remember(run, node, { status: "failed", durationSeconds: 0, reason: refusal });
      return { kind: "follow", handle: "failed", note: refusal };
    }
    const callerId = data.callerId === undefined ? "" : run.render(data.callerId).trim();
    const token = run.nextToken();
    run.emit({
      type: "dial",
      nodeId: node.id,
      token,
      to,
      sip: isSipAddress(to),
      ...(callerId === "" ? {} : { callerId }),
      timeoutSeconds: data.timeoutSeconds,
      timeLimitSeconds: data.timeLimitSeconds,
      record: data.record,
    });
    return { kind: "wait", waiting: { kind: "dial", nodeId: node.id, token }, outcome: "waiting" };
  },

  resume(run: Run, node: DialNode, result: DialResult): Outcome {
    const durationSeconds = result.status === "completed" ? (result.durationSeconds ?? 0) : 0;
    remember(run, node, { status: result.status, durationSeconds, reason: result.reason });
    return { kind: "follow", handle: result.status, ...(result.reason === undefined ? {} : { note: result.reason }) };
  },
};
