import type { SessionRunner } from "../sessions/session-runner";
import type { Store } from "../store/open-store";
import type { AnyChannelDriver, DriverContext } from "./channel-driver";
import { ChannelService } from "./channel-service";
import type { ChannelSettings } from "./channel-settings";
import { pushObserver } from "./push-observer";
import { SecretBox } from "./secret-box";
import { resolveSecretKey } from "./secret-key";
import { TwilioVoiceDriver } from "./twilio-voice/twilio-voice-driver";
import { WebchatDriver } from "./webchat/webchat-driver";

export interface ChannelRuntimeDeps {
  store: Store;
  runner: SessionRunner;
  /** `PUBLIC_URL`, no trailing slash. */
  publicUrl: string;
  settings: ChannelSettings;
  log: (line: string) => void;
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
  const drivers: AnyChannelDriver[] = [new TwilioVoiceDriver()];
  drivers.push(new WebchatDriver(deps.store)); // web chat: its socket is mounted by mountWebchatSocket (runtime/http/app.ts)
  const context: DriverContext = {
    runner: deps.runner,
    store: deps.store,
    channels: service,
    publicUrl: deps.publicUrl,
    providerApis: deps.settings.providerApis,
    log: deps.log,
  };
  deps.runner.observe(pushObserver(drivers, context));
  return { store: deps.store, service, drivers, context };
}
