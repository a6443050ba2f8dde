import type { HungUpBy } from "./widget-voice-reasons";

/** What each call event carries (`Switchboard.on(name, fn)` and `window` CustomEvents `switchboard:<name>`). */
export interface CallEventDetail {
  /** The visitor pressed Call (or the page called `Switchboard.call()`): the microphone is asked for, then the call is set up. */
  ringing: { callId: null };
  /** Audio flows both ways. */
  connected: { callId: string };
  /** The call is over: `reason` a code (`hangup`, `hangup_node`, `ice_timeout`, `microphone_denied`, `too_many_calls`…), `message` its sentence. */
  ended: { callId: string | null; reason: string; hungUpBy: HungUpBy; message: string };
  /** The visitor's microphone was muted or unmuted. */
  muted: { muted: boolean };
}
export type CallEventName = keyof CallEventDetail;
export type CallListener<K extends CallEventName> = (detail: CallEventDetail[K]) => void;

const NAMES: ReadonlySet<string> = new Set<CallEventName>(["ringing", "connected", "ended", "muted"]);

export function isCallEventName(name: string): name is CallEventName {
  return NAMES.has(name);
}

/**
 * The call's events for the page: listeners registered with `on` (a listener that throws does not
 * stop the others or the widget), and the same detail as a `switchboard:<name>` CustomEvent on `window`.
 */
export class CallEvents {
  private readonly listeners: { [K in CallEventName]: Set<CallListener<K>> } = { ringing: new Set(), connected: new Set(), ended: new Set(), muted: new Set() };

  on<K extends CallEventName>(name: K, listener: CallListener<K>): () => void {
    this.listeners[name].add(listener);
    return () => this.off(name, listener);
  }

  off<K extends CallEventName>(name: K, listener: CallListener<K>): void {
    this.listeners[name].delete(listener);
  }

  emit<K extends CallEventName>(name: K, detail: CallEventDetail[K]): void {
    for (const listener of [...this.listeners[name]]) {
      try {
        listener(detail);
      } catch (error) {
        console.error(`switchboard widget: a "${name}" listener threw`, error);
      }
    }
    window.dispatchEvent(new CustomEvent(`switchboard:${name}`, { detail }));
  }
}
