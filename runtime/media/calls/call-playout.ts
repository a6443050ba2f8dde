import type { Effect } from "../../engine/index";
import { bargeInStart } from "../../engine/barge-in-start";
import { DigitCollector } from "./digit-collector";

type PromptEffect = Extract<Effect, { type: "prompt" }>;
type CollectEffect = Extract<Effect, { type: "collect" }>;
type RecordEffect = Extract<Effect, { type: "record" }>;
type DialEffect = Extract<Effect, { type: "dial" }>;

/** What a call plays next, in order. */
export type PlayItem =
  | { kind: "prompt"; prompt: PromptEffect; stopOnDtmf: boolean }
  /** Music until something else happens (a caller waiting for an agent). */
  | { kind: "music"; audio: string }
  /** Hang up once everything before it has played. */
  | { kind: "hangup"; reason: string; by: "agent" | "system" }
  /** Start recording the caller (a voicemail) once everything before it (the prompt, the beep) has played. */
  | { kind: "record"; effect: RecordEffect }
  /** Place a dial node's call once everything before it has played. */
  | { kind: "dial"; effect: DialEffect };

/** What the playout wants done (its owner sends the commands and dispatches the events). */
export interface PlayoutActions {
  play(item: Extract<PlayItem, { kind: "prompt" | "music" }>, playbackId: string): void;
  stop(): void;
  hangup(reason: string, by: "agent" | "system"): void;
  /** A dial node's call is to be placed now (the prompts before it have played). */
  dial(effect: DialEffect): void;
  /** A complete entry, or the silence timer with the partial keys; `token` addresses the collect. */
  input(
    event:
      | { type: "digits"; digits: string; token?: string; nodeId?: string }
      | { type: "timeout"; digits?: string; token: string; nodeId: string }
      | { type: "speech"; text: string; confidence: number; token: string; nodeId: string },
  ): void;
  startTimer(ms: number, fire: () => void): () => void;
  /** The collect speech recognition listens for now (input speech or both), or undefined: none. */
  listen(collect: CollectEffect | undefined): void;
  /** Record the caller now (the record node's prompt and beep have played). */
  record(effect: RecordEffect): void;
}

/**
 * A call's IVR side: the prompts of the flow's steps played in order, a collect's keys gathered
 * and timed like Twilio's `<Gather>` (the silence timer starts when the prompts have played and
 * restarts on every key), barge-in (a key during a prompt that may be interrupted stops it and the
 * rest of that run; a key during one that may not is dropped, as Twilio drops keys outside
 * `<Gather>`), hold music while waiting, and the hang-up after the goodbye. A collect whose input
 * includes speech is listened to from its prompts on: the caller starting to speak is barge-in
 * like a key (an interruptible prompt stops; over one that may not be interrupted, that
 * utterance is not taken) and holds the silence timer; the utterance's result is the speech
 * event (`speech`, as Twilio's SpeechResult), nothing heard or an engine failure times the
 * silence again.
 */
export class CallPlayout {
  private readonly queue: PlayItem[] = [];
  private current: { item: PlayItem; playbackId: string } | undefined;
  private collector: DigitCollector | undefined;
  private cancelTimer: (() => void) | undefined;
  private playbacks = 0;
  private stopped = false;
  /** Utterances of the listened-to collect not answered yet, in order: whether each is taken (false: spoken over a prompt that may not be interrupted). */
  private utterances: boolean[] = [];

  constructor(
    private readonly callId: string,
    private readonly actions: PlayoutActions,
  ) {}

  /** The effects of one step (or a push): prompts queue after what plays; a new collect replaces the old; music stops. */
  perform(effects: readonly Effect[], holdAudio: (effect: Extract<Effect, { type: "transfer" }>) => string, hungUpBy: "agent" | "system" = "system"): void {
    if (this.stopped) return;
    const collect = effects.find((effect): effect is CollectEffect => effect.type === "collect");
    const prompts = effects.filter((effect): effect is PromptEffect => effect.type === "prompt");
    const tail = collect === undefined ? prompts.length : bargeInStart(prompts, collect);
    // Music waits for nothing: whatever the flow says next replaces it.
    if (prompts.length > 0 || collect !== undefined || effects.some((effect) => effect.type === "end" || effect.type === "transfer" || effect.type === "record")) this.stopMusic();
    prompts.forEach((prompt, index) => this.queue.push({ kind: "prompt", prompt, stopOnDtmf: prompt.interruptible === true || index >= tail }));
    if (collect !== undefined) this.setCollect(collect);
    for (const effect of effects) {
      if (effect.type === "transfer") this.queue.push({ kind: "music", audio: holdAudio(effect) });
      if (effect.type === "dial") this.queue.push({ kind: "dial", effect });
      if (effect.type === "end" && effect.disconnect) this.queue.push({ kind: "hangup", reason: effect.reason, by: hungUpBy });
      if (effect.type === "record") {
        // The beep cannot be skipped by a key: the recording starts after it.
        if (effect.playBeep) this.queue.push({ kind: "prompt", prompt: { type: "prompt", nodeId: effect.nodeId, audio: "beep" }, stopOnDtmf: false });
        this.queue.push({ kind: "record", effect });
      }
    }
    this.next();
  }

  /** Music instead of anything queued (an agent transferred the caller back to the queue). */
  music(audio: string): void {
    this.clear();
    this.queue.push({ kind: "music", audio });
    this.next();
  }

  /** Stops whatever plays and forgets the queue (an agent took the call). */
  clear(): void {
    this.queue.length = 0;
    this.dropCollector();
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.current !== undefined) {
      this.current = undefined;
      this.actions.stop();
    }
  }

  /** The call ended: nothing more happens. */
  end(): void {
    this.clear();
    this.stopped = true;
  }

  /** A playback ended in the media process. */
  playbackEnded(playbackId: string, how: "finished" | "interrupted" | "stopped"): void {
    if (this.current?.playbackId !== playbackId) return;
    this.current = undefined;
    // A key stopped it: the rest of that run of interruptible prompts goes too.
    if (how === "interrupted") while (this.queue[0]?.kind === "prompt" && this.queue[0].stopOnDtmf) this.queue.shift();
    this.next();
  }

  /** A key from the caller. */
  digit(digit: string): void {
    if (this.stopped) return;
    const playing = this.current?.item;
    if (playing?.kind === "prompt" && !playing.stopOnDtmf) return;
    if (playing?.kind === "prompt") {
      // It ends here: the media process stops it on the key when it plays it, but its audio may
      // still be being made (TTS), and it must not start after the key. Its playback_ended, if
      // any, is then for a playback that is no longer current.
      this.current = undefined;
      this.actions.stop();
      while (this.queue[0]?.kind === "prompt" && this.queue[0].stopOnDtmf) this.queue.shift();
    }
    const collector = this.collector;
    if (collector === undefined) {
      // No menu waits: the engine keeps keys pressed during an interruptible greeting for the next one.
      if (playing?.kind === "prompt") {
        this.actions.input({ type: "digits", digits: digit });
        this.next();
      }
      return;
    }
    const outcome = collector.key(digit);
    if (outcome.kind === "complete") {
      this.dropCollector();
      this.cancelTimer?.();
      this.cancelTimer = undefined;
      this.actions.input({ type: "digits", digits: outcome.digits, token: collector.collect.token, nodeId: collector.collect.nodeId });
    } else this.armTimer();
    if (playing?.kind === "prompt") this.next();
  }

  /** The caller started speaking while `token`'s collect listened: barge-in, and the silence timer waits for the result. */
  speechStarted(token: string): void {
    if (this.stopped || this.collector?.collect.token !== token) return;
    const playing = this.current?.item;
    if (playing?.kind === "prompt" && !playing.stopOnDtmf) {
      this.utterances.push(false);
      return;
    }
    this.utterances.push(true);
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (playing?.kind === "prompt") {
      // As a key: the prompt and the rest of its interruptible run stop (the media process is told to stop it).
      this.current = undefined;
      this.actions.stop();
      while (this.queue[0]?.kind === "prompt" && this.queue[0].stopOnDtmf) this.queue.shift();
      this.next();
    }
  }

  /** What the engine made of the utterance that started first of those not answered yet. */
  speechHeard(token: string, heard: { kind: "speech"; text: string; confidence: number } | { kind: "error" }): void {
    const collector = this.collector;
    if (this.stopped || collector?.collect.token !== token) return;
    const taken = this.utterances.shift() ?? true;
    if (taken && heard.kind === "speech" && heard.text.trim() !== "") {
      this.dropCollector();
      this.cancelTimer?.();
      this.cancelTimer = undefined;
      this.actions.input({ type: "speech", text: heard.text, confidence: heard.confidence, token, nodeId: collector.collect.nodeId });
      return;
    }
    // Nothing taken: the caller's silence is timed again once the prompts have played (a customer is never left waiting).
    if (this.current === undefined && this.queue.length === 0 && !this.utterances.includes(true)) this.armTimer();
  }

  /**
   * Whether `playbackId` is still the one to play: its owner makes the audio first (TTS, an asset)
   * and starts it only if it was not cleared or interrupted meanwhile.
   */
  playing(playbackId: string): boolean {
    return this.current?.playbackId === playbackId && !this.stopped;
  }

  get waitingForInput(): boolean {
    return this.collector !== undefined;
  }

  private setCollect(collect: CollectEffect): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.collector = new DigitCollector(collect);
    this.utterances = [];
    this.actions.listen(collect);
  }

  /** No collect waits any more: speech recognition stops listening. */
  private dropCollector(): void {
    if (this.collector === undefined) return;
    this.collector = undefined;
    this.utterances = [];
    this.actions.listen(undefined);
  }

  private stopMusic(): void {
    for (let index = this.queue.length - 1; index >= 0; index -= 1) if (this.queue[index]?.kind === "music") this.queue.splice(index, 1);
    if (this.current?.item.kind === "music") {
      this.current = undefined;
      this.actions.stop();
    }
  }

  private next(): void {
    if (this.current !== undefined || this.stopped) return;
    const item = this.queue.shift();
    if (item === undefined) {
      // The silence is timed once the prompts have played, unless the caller is speaking (its result will say).
      if (this.collector !== undefined && this.cancelTimer === undefined && !this.utterances.includes(true)) this.armTimer();
      return;
    }
    if (item.kind === "hangup") {
      this.stopped = true;
      this.actions.hangup(item.reason, item.by);
      return;
    }
    if (item.kind === "record") {
      this.actions.record(item.effect);
      this.next();
      return;
    }
    if (item.kind === "dial") {
      this.actions.dial(item.effect);
      this.next();
      return;
    }
    this.playbacks += 1;
    const playbackId = `${this.callId}:${this.playbacks}`;
    this.current = { item, playbackId };
    this.actions.play(item, playbackId);
  }

  private armTimer(): void {
    const collector = this.collector;
    if (collector === undefined) return;
    this.cancelTimer?.();
    this.cancelTimer = this.actions.startTimer(collector.collect.timeoutSeconds * 1000, () => {
      if (this.collector !== collector) return;
      this.dropCollector();
      this.cancelTimer = undefined;
      const partial = collector.partial;
      this.actions.input({ type: "timeout", token: collector.collect.token, nodeId: collector.collect.nodeId, ...(partial === "" ? {} : { digits: partial }) });
    });
  }
}
