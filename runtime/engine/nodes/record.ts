import type { RecordResult } from "../events";
import type { Outcome } from "../outcome";
import type { Run } from "../run";
import { speak } from "../speak";
import type { NodeOf } from "./node-of";

type RecordNode = NodeOf<"record">;

/**
 * record: say the prompt, emit `record` and wait for `record_result`: `recorded`, `no_audio` or
 * `hangup` (the caller left while recording; what was recorded is kept). `nodes.<id>` gets
 * `{status, recordingId, url, durationSeconds, digits?, transcript?}`, and `vars.<storeAs>` the
 * recording `{id, url, durationSeconds, digits?, transcript?}` (`digits`: the finish key that ended it) when there is one. On chat there is nothing to
 * record: `no_audio` at once.
 */
export const recordExecutor = {
  enter(run: Run, node: RecordNode): Outcome {
    const { data } = node;
    run.takeBargeIn();
    if (run.channel !== "voice") {
      run.setNodeResult(node.id, { status: "no_audio", recordingId: null, url: null, durationSeconds: null });
      return { kind: "follow", handle: "no_audio", note: "a chat cannot be recorded" };
    }
    speak(run, node.id, data.prompt);
    const token = run.nextToken();
    run.emit({
      type: "record",
      nodeId: node.id,
      token,
      playBeep: data.playBeep,
      maxLengthSeconds: data.maxLengthSeconds,
      silenceTimeoutSeconds: data.silenceTimeoutSeconds,
      ...(data.finishOnKey === "" ? {} : { finishOnKey: data.finishOnKey }),
      transcribe: data.transcribe,
    });
    return { kind: "wait", waiting: { kind: "record", nodeId: node.id, token }, outcome: "waiting" };
  },

  resume(run: Run, node: RecordNode, result: RecordResult): Outcome {
    const recording = result.recording;
    // A recording without audio in it is no recording: the provider may still send an empty one.
    const status = result.result === "recorded" && recording === undefined ? "no_audio" : result.result;
    run.setNodeResult(node.id, {
      status,
      recordingId: recording?.id ?? null,
      url: recording?.url ?? null,
      durationSeconds: recording?.durationSeconds ?? null,
      ...(recording?.digits === undefined ? {} : { digits: recording.digits }),
      ...(recording?.transcript === undefined ? {} : { transcript: recording.transcript }),
    });
    if (recording !== undefined && node.data.storeAs !== undefined) {
      run.setVar(node.data.storeAs, { id: recording.id, url: recording.url, durationSeconds: recording.durationSeconds, ...(recording.digits === undefined ? {} : { digits: recording.digits }), ...(recording.transcript === undefined ? {} : { transcript: recording.transcript }) });
    }
    const note = result.note === undefined ? {} : { note: result.note };
    // The caller is gone: with nothing connected to `hangup` the session ends as a hang-up does.
    if (status === "hangup" && !run.graph.connected(node.id).has("hangup")) return { kind: "end", reason: "caller_hangup", ...note };
    return { kind: "follow", handle: status, ...note };
  },
};
