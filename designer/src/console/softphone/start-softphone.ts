import type { ClientFrame, ServerFrame } from "../../../../runtime/http/ws/agent-frames";
import { IceServersView } from "../../../../runtime/media/ice-servers-view";
import { api } from "../../api/api-client";
import { useConsole } from "../console-store";
import { myLiveCalls, wantsVoice } from "./media-calls";
import { openMicrophone, watchMicrophoneRecovery } from "./microphone";
import { RemoteAudio } from "./remote-audio";
import { SoftphonePeer } from "./softphone-peer";
import { Softphone } from "./softphone";
import { useSoftphone } from "./softphone-store";

let active: Softphone | undefined;

/**
 * Starts the console's softphone on the agent socket: it follows the console's store (the agent's
 * availability, their calls, the socket) and takes the socket's softphone frames. A call that
 * ends unmutes it, so the next call does not start muted. Returns the frame handler and how to stop.
 */
export function startSoftphone(send: (frame: ClientFrame) => boolean): { receive(frame: ServerFrame): boolean; stop(): void } {
  const audio = new RemoteAudio((locked) => useSoftphone.getState().set({ audioLocked: locked }));
  const phone = new Softphone({
    send,
    iceServers: async () => IceServersView.parse(await api("GET", "/api/media/ice-servers")).iceServers,
    openMicrophone,
    connectPeer: (microphone, iceServers, onFailed) => new SoftphonePeer(microphone, iceServers, audio, onFailed),
    watchMicrophone: watchMicrophoneRecovery,
  });
  active = phone;
  let inCall = false;
  const follow = (state: ReturnType<typeof useConsole.getState>) => {
    const calls = useSoftphone.getState().calls;
    phone.update(wantsVoice(state, calls), state.socket === "open");
    const now = myLiveCalls(state, calls).length > 0;
    if (inCall && !now && useSoftphone.getState().muted) phone.setMuted(false);
    inCall = now;
  };
  follow(useConsole.getState());
  const unsubscribe = useConsole.subscribe(follow);
  return {
    receive: (frame) => phone.receive(frame),
    stop: () => {
      unsubscribe();
      phone.dispose();
      audio.dispose();
      if (active === phone) active = undefined;
      useSoftphone.getState().set({ status: "off", problem: null, muted: false, audioLocked: false, calls: {} });
    },
  };
}

/** What the console's controls do to the running softphone. */
export const softphoneControls = {
  setMuted: (muted: boolean): void => active?.setMuted(muted),
  /** Keypad tones into the call; false when the softphone cannot send them now. */
  dtmf: (tones: string): boolean => active?.dtmf(tones) ?? false,
  tryAgain: (): void => active?.tryAgain(),
};
