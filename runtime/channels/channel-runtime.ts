import type { Rooms } from "../rooms/rooms";
import type { SessionRunner } from "../sessions/session-runner";
import type { Store } from "../store/open-store";
import type { AnyChannelDriver, DriverContext } from "./channel-driver";
import { ChannelService } from "./channel-service";
import type { ChannelSettings } from "./channel-settings";
import { pushObserver } from "./push-observer";
import { SecretBox } from "./secret-box";
import { resolveSecretKey } from "./secret-key";
import { TwilioVoiceDriver } from "./twilio-voice/twilio-voice-driver";
import { VoiceRoomBridge } from "./twilio-voice/voice-room-bridge";

export interface ChannelRuntimeDeps {
  store: Store;
  runner: SessionRunner;
  /** `PUBLIC_URL`, no trailing slash. */
  publicUrl: string;
  settings: ChannelSettings;
  log: (line: string) => void;
  /** Agent rooms, when the app serves them: drivers post customers' words and deliver the room to them. */
  rooms?: Rooms | undefined;
}

/** Channels as the HTTP routes use them: the sealed store, the drivers, and the context they run in. */
export interface ChannelRuntime {
  store: Store;
  service: ChannelService;
  drivers: readonly AnyChannelDriver[];
  context: DriverContext;
}

/**
 * Brings channels up: resolves the secret key (creating `<dataDir>/secret.key` on first start when
 * `SWITCHBOARD_SECRET_KEY` is unset), and registers the observer that pushes timer effects to
 * providers. Add a driver here to add a channel type.
 */
export function createChannelRuntime(deps: ChannelRuntimeDeps): ChannelRuntime {
  const secret = resolveSecretKey({ secretKey: deps.settings.secretKey, dataDir: deps.settings.dataDir });
  if (secret.created) deps.log(`created ${secret.origin} (mode 0600): it seals channel credentials; back it up with the database`);
  const service = new ChannelService(deps.store.channels, new SecretBox(secret.key));
  const voice = new TwilioVoiceDriver();
  const drivers: AnyChannelDriver[] = [voice];
  const context: DriverContext = {
    runner: deps.runner,
    store: deps.store,
    channels: service,
    publicUrl: deps.publicUrl,
    providerApis: deps.settings.providerApis,
    log: deps.log,
    ...(deps.rooms === undefined ? {} : { rooms: deps.rooms }),
  };
  deps.runner.observe(pushObserver(drivers, context));
  for (const driver of drivers) {
    if (driver.inputTimerMs !== undefined) deps.runner.setInputTimerPolicy(driver.type, (effects, collect) => driver.inputTimerMs?.(effects, collect) ?? collect.timeoutSeconds * 1000);
  }
  // Voice callers in agent rooms (accept → speech loop, hold, transfer, invite with a call). It also forwards room
  // messages to voice legs until runtime/channels/room-fanout.ts does that for every customer (then: forwardMessages false).
  if (deps.rooms !== undefined) new VoiceRoomBridge(voice, context, { forwardMessages: true }).subscribe(deps.rooms.bus);
  return { store: deps.store, service, drivers, context };
}
