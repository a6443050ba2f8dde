import type { Rooms } from "../rooms/rooms";
import type { SessionRunner } from "../sessions/session-runner";
import type { Store } from "../store/open-store";
import type { AnyChannelDriver, DriverContext } from "./channel-driver";
import { ChannelService } from "./channel-service";
import type { ChannelSettings } from "./channel-settings";
import { FlowMessages } from "./flow-messages";
import { pushObserver } from "./push-observer";
import { roomFanout } from "./room-fanout";
import { SecretBox } from "../secrets/secret-box";
import { resolveSecretKey } from "../secrets/secret-key";
import { TelegramDriver } from "./telegram/telegram-driver";
import { TwilioMessagingDriver } from "./twilio-messaging/twilio-messaging-driver";
import { TwilioVoiceDriver } from "./twilio-voice/twilio-voice-driver";
import type { VoiceMedia } from "./twilio-voice/voice-media";
import { VoiceRoomBridge } from "./twilio-voice/voice-room-bridge";
import { WhatsAppCloudDriver } from "./whatsapp-cloud/whatsapp-cloud-driver";
import { WebchatDriver } from "./webchat/webchat-driver";
import { WebvoiceDriver } from "./webvoice/webvoice-driver";
import type { MediaCalls } from "../media/calls/media-calls";
import type { SipConfig } from "./sip-trunk/sip-config";
import { SipTrunkDriver } from "./sip-trunk/sip-trunk-driver";
import { SipTrunks } from "./sip-trunk/sip-trunks";

export interface ChannelRuntimeDeps {
  store: Store;
  runner: SessionRunner;
  /** `PUBLIC_URL`, no trailing slash. */
  publicUrl: string;
  settings: ChannelSettings;
  log: (line: string) => void;
  /** Agent rooms: customers' chat messages go to their conversations, and agents' messages come back (`room-fanout.ts`). */
  rooms?: Rooms;
  /** Calls on the media plane (browser voice); without it the webvoice channel refuses calls. */
  mediaCalls?: MediaCalls;
  /** Our side's ICE servers for a media-plane call (TURN credentials): WhatsApp calls. */
  iceServersFor?(id: string): { urls: string | string[]; username?: string; credential?: string }[];
  /** The SIP endpoint's settings: with the media plane, sip_trunk channels take and place calls. */
  sip?: SipConfig;
  /** The media plane's RTP port range (what a SIP carrier's media must reach). */
  rtpPorts?: { min: number; max: number };
  /** Agents' softphones and Twilio Media Streams: accepted Twilio voice callers are heard on the softphone. */
  voiceMedia?: VoiceMedia;
}

/** Channels as the HTTP routes use them: the sealed store, the drivers, and the context they run in. */
export interface ChannelRuntime {
  store: Store;
  service: ChannelService;
  drivers: readonly AnyChannelDriver[];
  context: DriverContext;
  /** SIP trunks (with the media plane and a SIP configuration): the server starts and closes them. */
  sipTrunks?: SipTrunks;
  /** The WhatsApp Cloud driver (its calls: business-initiated calls are placed through it). */
  whatsapp: WhatsAppCloudDriver;
  /** The server's sealing of stored secrets (channel credentials, the transcription provider's key). */
  box: SecretBox;
}

/**
 * Brings channels up: resolves the secret key (creating `<dataDir>/secret.key` on first start when
 * `SWITCHBOARD_SECRET_KEY` is unset), and registers the observer that pushes timer effects to
 * providers and, with agent rooms, the fan-out of room events to customers. Add a driver here to
 * add a channel type.
 */
export function createChannelRuntime(deps: ChannelRuntimeDeps): ChannelRuntime {
  const secret = resolveSecretKey({ secretKey: deps.settings.secretKey, dataDir: deps.settings.dataDir });
  if (secret.created) deps.log(`created ${secret.origin} (mode 0600): it seals channel credentials and provider keys; back it up with the database`);
  const box = new SecretBox(secret.key);
  const service = new ChannelService(deps.store.channels, box);
  const voice = new TwilioVoiceDriver({}, deps.voiceMedia);
  const whatsapp = new WhatsAppCloudDriver(deps.mediaCalls, deps.iceServersFor === undefined ? {} : { iceServersFor: deps.iceServersFor });
  const messaging = new TwilioMessagingDriver();
  const telegram = new TelegramDriver();
  const drivers: AnyChannelDriver[] = [voice, messaging, whatsapp, telegram];
  drivers.push(new WebchatDriver(deps.store)); // web chat: its socket is mounted by mountWebchatSocket (runtime/http/app.ts)
  drivers.push(new WebvoiceDriver(deps.mediaCalls)); // browser voice: its socket is mounted by mountWebvoiceSocket
  drivers.push(new SipTrunkDriver(deps.mediaCalls, deps.sip, deps.rtpPorts)); // SIP trunks: calls arrive at SipTrunks' endpoint
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
  deps.runner.setMessageSender(new FlowMessages({ twilio_messaging: messaging, whatsapp_cloud: whatsapp, telegram }, context));
  for (const driver of drivers) {
    if (driver.inputTimerMs !== undefined) deps.runner.setInputTimerPolicy(driver.type, (effects, collect, kind) => driver.inputTimerMs?.(effects, collect, kind) ?? collect.timeoutSeconds * 1000);
  }
  if (deps.rooms !== undefined) {
    // Every customer participant gets the room's messages in their channel's form (room-fanout.ts, voice included);
    // voice callers also follow the room's state (accept → speech loop, hold, transfer, invite with a call).
    roomFanout(deps.rooms.bus, drivers, context);
    new VoiceRoomBridge(voice, context, { forwardMessages: false }).subscribe(deps.rooms.bus);
    void voice.room.recover(context); // the calls stored as the rooms' are legs again before the room events that need them

  }
  const sipTrunks = deps.mediaCalls === undefined || deps.sip === undefined ? undefined : new SipTrunks({ config: deps.sip, channels: service, calls: deps.mediaCalls, log: deps.log });
  // Dial nodes on media-plane calls go out through the SIP trunks (none configured: they fail saying so).
  deps.mediaCalls?.setDialer(sipTrunks);
  return { store: deps.store, service, drivers, context, whatsapp, box, ...(sipTrunks === undefined ? {} : { sipTrunks }) };
}
