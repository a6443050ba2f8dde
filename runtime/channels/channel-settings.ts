import type { RuntimeConfig } from "../config";
import type { ProviderApis } from "./channel-driver";

/** The configuration channels need (see README: Configuration). */
export interface ChannelSettings {
  /** `SWITCHBOARD_SECRET_KEY`; unset: `<dataDir>/secret.key`, created on first start. */
  secretKey?: string | undefined;
  dataDir: string;
  /** `TWILIO_API_BASE_URL`, `WHATSAPP_GRAPH_BASE_URL`, `TELEGRAM_API_BASE_URL`. */
  providerApis: ProviderApis;
}

export function channelSettings(config: RuntimeConfig): ChannelSettings {
  return { secretKey: config.secretKey, dataDir: config.dataDir, providerApis: config.providerApis };
}
