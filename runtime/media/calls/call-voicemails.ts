import { rm, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Effect, EngineEvent } from "../../engine/index";
import { sessionRecordingsDir } from "../../calls/recordings-folder";
import type { SessionRecordingsRepo } from "../../store/session-recordings-repo";
import { orderedId } from "../../store/ordered-id";
import type { MediaPlane } from "../media-plane";
import type { MediaEvent } from "../process/media-protocol";

type RecordEffect = Extract<Effect, { type: "record" }>;
type RecordResult = Extract<EngineEvent, { type: "record_result" }>;

/** Why a voicemail stopped. */
type StopReason = "silence" | "max_length" | "key" | "hangup";

/** How long a stopped recording's file may take to be written before the node hears no_audio. */
const FINISH_WAIT_MS = 15_000;

/** The API path a session's recording streams from (with credentials). */
export function sessionRecordingUrl(sessionId: string, recordingId: string): string {
  return `/api/sessions/${encodeURIComponent(sessionId)}/recordings/${encodeURIComponent(recordingId)}`;
}

export interface CallVoicemailsDeps {
  media: Pick<MediaPlane, "send">;
  recordings: Pick<SessionRecordingsRepo, "add">;
  dataDir: string;
  log(line: string): void;
  startTimer?(ms: number, fire: () => void): () => void;
}

interface Voicemail {
  recordingId: string;
  callId: string;
  sessionId: string;
  effect: RecordEffect;
  heard: boolean;
  stopping: StopReason | undefined;
  /** Settles once the node has its answer (after a stop). */
  done: Promise<void> | undefined;
  finishKey: string | undefined;
  cancelMax: () => void;
  cancelSilence: () => void;
  finished: Promise<Extract<MediaEvent, { type: "record.finished" }> | undefined>;
  finishedNow(event: Extract<MediaEvent, { type: "record.finished" }>): void;
  /** Where the record node's answer goes (once); resolves once it is dispatched. */
  answer(event: RecordResult): Promise<void> | void;
}

/**
 * Voicemails on media-plane calls (the `record` node): after the beep, only the caller's audio is
 * recorded (`record.start` with `side: "caller"`: mono Ogg/Opus), until `silenceTimeoutSeconds`
 * of silence (counted from the start until the caller is first heard, then from their last
 * sound, as Twilio's `<Record timeout>`), `maxLengthSeconds`, one of `finishOnKey`'s keys (an
 * RFC 4733 event: not in the audio) or the caller hanging up. Nothing heard: `no_audio` and the
 * file is deleted; otherwise a `session_recordings` row (`source: media`) and `recorded` (or
 * `hangup`) with `{id, url, durationSeconds, digits?}`.
 */
export class CallVoicemails {
  private readonly byCall = new Map<string, Voicemail>();
  private readonly byRecording = new Map<string, Voicemail>();
  private readonly startTimer: (ms: number, fire: () => void) => () => void;

  constructor(private readonly deps: CallVoicemailsDeps) {
    this.startTimer =
      deps.startTimer ??
      ((ms, fire) => {
        const timer = setTimeout(fire, ms);
        return () => clearTimeout(timer);
      });
  }

  /** Whether a voicemail is being recorded on the call (its keys are the recording's). */
  recording(callId: string): boolean {
    return this.byCall.has(callId);
  }

  /** Starts recording the caller on `legId`; `answer` gets the record node's answer once it stops. */
  async start(call: { callId: string; legId: string; sessionId: string }, effect: RecordEffect, answer: (event: RecordResult) => Promise<void> | void): Promise<void> {
    if (this.byCall.has(call.callId)) return;
    const recordingId = orderedId();
    let finishedNow: Voicemail["finishedNow"] = () => {};
    const finished = new Promise<Extract<MediaEvent, { type: "record.finished" }> | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), FINISH_WAIT_MS);
      finishedNow = (event) => {
        clearTimeout(timer);
        resolve(event);
      };
    });
    const voicemail: Voicemail = {
      recordingId,
      callId: call.callId,
      sessionId: call.sessionId,
      effect,
      heard: false,
      stopping: undefined,
      done: undefined,
      finishKey: undefined,
      cancelMax: () => {},
      cancelSilence: () => {},
      finished,
      finishedNow: (event) => finishedNow(event),
      answer,
    };
    this.byCall.set(call.callId, voicemail);
    this.byRecording.set(`vm:${recordingId}`, voicemail);
    const path = join(sessionRecordingsDir(this.deps.dataDir), call.sessionId, `${recordingId}.ogg`);
    try {
      await this.deps.media.send({ type: "record.start", recordingId: `vm:${recordingId}`, legId: call.legId, path, side: "caller" });
    } catch (error) {
      const message = `the recording did not start: ${error instanceof Error ? error.message : String(error)}`;
      voicemail.finishedNow({ type: "record.finished", recordingId: `vm:${recordingId}`, path: "", durationMs: 0, error: message });
      // Hung up meanwhile: that stop answers the node.
      if (voicemail.stopping !== undefined) return;
      this.forget(voicemail);
      await answer({ type: "record_result", result: "no_audio", note: message, token: effect.token, nodeId: effect.nodeId });
      return;
    }
    if (voicemail.stopping !== undefined) return;
    voicemail.cancelMax = this.startTimer(effect.maxLengthSeconds * 1000, () => void this.stop(voicemail, "max_length"));
    this.armSilence(voicemail);
  }

  /** A key from the caller while recording: one of the finish keys ends it (true: the key was the recording's). */
  key(callId: string, digit: string): boolean {
    const voicemail = this.byCall.get(callId);
    if (voicemail === undefined) return false;
    if (voicemail.stopping === undefined && voicemail.effect.finishOnKey?.includes(digit) === true) {
      voicemail.finishKey = digit;
      void this.stop(voicemail, "key");
    }
    return true;
  }

  /**
   * The call ended while recording: what was recorded is kept and the node hears `hangup`
   * (resolves once answered, so the node hears it before the session hears the hang-up).
   */
  async hangup(callId: string): Promise<void> {
    const voicemail = this.byCall.get(callId);
    if (voicemail === undefined) return;
    await this.stop(voicemail, "hangup");
  }

  /** A media event about a voicemail (returns whether it was one). */
  mediaEvent(event: MediaEvent): boolean {
    if (event.type !== "record.voice" && event.type !== "record.finished") return false;
    const voicemail = this.byRecording.get(event.recordingId);
    if (voicemail === undefined) return false;
    if (event.type === "record.finished") {
      voicemail.finishedNow(event);
      return true;
    }
    if (voicemail.stopping !== undefined) return true;
    voicemail.heard = true;
    this.armSilence(voicemail);
    return true;
  }

  private armSilence(voicemail: Voicemail): void {
    voicemail.cancelSilence();
    voicemail.cancelSilence = this.startTimer(voicemail.effect.silenceTimeoutSeconds * 1000, () => void this.stop(voicemail, "silence"));
  }

  /** Stops a voicemail once; a second stop (a key, then the hang-up) waits for the first one's answer. */
  private stop(voicemail: Voicemail, reason: StopReason): Promise<void> {
    voicemail.done ??= this.stopNow(voicemail, reason);
    return voicemail.done;
  }

  private async stopNow(voicemail: Voicemail, reason: StopReason): Promise<void> {
    voicemail.stopping = reason;
    voicemail.cancelMax();
    voicemail.cancelSilence();
    const recordingId = `vm:${voicemail.recordingId}`;
    // After a hang-up the leg may be gone already: the media process then finished the recording itself.
    await this.deps.media.send({ type: "record.stop", recordingId }).catch(() => undefined);
    const finished = await voicemail.finished;
    this.forget(voicemail);
    const { effect } = voicemail;
    const result = reason === "hangup" ? "hangup" : "recorded";
    const answer = async (event: Omit<RecordResult, "type" | "token" | "nodeId">) => voicemail.answer({ type: "record_result", ...event, token: effect.token, nodeId: effect.nodeId });
    if (finished === undefined || finished.error !== undefined || finished.path === "") {
      const why = finished === undefined ? "the recording was not written in time" : `the recording failed: ${finished.error ?? "no file"}`;
      this.deps.log(`call ${voicemail.callId}: voicemail: ${why}`);
      await answer({ result: reason === "hangup" ? "hangup" : "no_audio", note: why });
      return;
    }
    if (!voicemail.heard) {
      await rm(finished.path, { force: true });
      await answer({ result: reason === "hangup" ? "hangup" : "no_audio", note: "nothing was heard" });
      return;
    }
    try {
      const bytes = (await stat(finished.path)).size;
      const row = await this.deps.recordings.add({
        id: voicemail.recordingId,
        sessionId: voicemail.sessionId,
        nodeId: effect.nodeId,
        callId: voicemail.callId,
        source: "media",
        path: relative(sessionRecordingsDir(this.deps.dataDir), finished.path),
        remoteUrl: null,
        contentType: "audio/ogg",
        durationMs: Math.round(finished.durationMs),
        bytes,
        finishKey: voicemail.finishKey ?? null,
      });
      if (row === undefined) throw new Error(`session ${voicemail.sessionId} is gone`);
      const recording = {
        id: row.id,
        url: sessionRecordingUrl(row.sessionId, row.id),
        durationSeconds: Math.round(row.durationMs / 100) / 10,
        ...(row.finishKey === null ? {} : { digits: row.finishKey }),
      };
      await answer({ result, recording });
    } catch (error) {
      const why = `the recording could not be stored: ${error instanceof Error ? error.message : String(error)}`;
      this.deps.log(`call ${voicemail.callId}: voicemail: ${why}`);
      await answer({ result: reason === "hangup" ? "hangup" : "no_audio", note: why });
    }
  }

  private forget(voicemail: Voicemail): void {
    voicemail.cancelMax();
    voicemail.cancelSilence();
    if (this.byCall.get(voicemail.callId) === voicemail) this.byCall.delete(voicemail.callId);
    this.byRecording.delete(`vm:${voicemail.recordingId}`);
  }
}
