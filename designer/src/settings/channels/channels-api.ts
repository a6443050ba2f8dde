import { z } from "zod";
import { ChannelStatus, ChannelType } from "../../../../runtime/channels/channel-config";
import { api } from "../../api/api-client";

/** A channel as the API answers it: secrets masked (`••••••1234`), the URLs to paste at the provider. */
export const ChannelView = z.object({
  id: z.string(),
  type: ChannelType,
  name: z.string(),
  flowId: z.string(),
  enabled: z.boolean(),
  status: ChannelStatus,
  statusMessage: z.string().nullable(),
  credentials: z.record(z.string(), z.string()),
  settings: z.record(z.string(), z.unknown()),
  webhookUrls: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelView = z.infer<typeof ChannelView>;

/** What the screens send: the whole configuration (masked secrets sent back keep the stored ones). */
export interface ChannelInput {
  type: ChannelType;
  name: string;
  flowId: string;
  enabled?: boolean;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
}

const at = (id: string) => `/api/channels/${encodeURIComponent(id)}`;

/** /api/channels: CRUD, plus the provider check and Telegram's webhook registration. */
export const channelsApi = {
  list: async () => z.array(ChannelView).parse(await api("GET", "/api/channels")),
  get: async (id: string) => ChannelView.parse(await api("GET", at(id))),
  create: async (input: ChannelInput) => ChannelView.parse(await api("POST", "/api/channels", input)),
  update: async (id: string, change: Partial<Omit<ChannelInput, "type">>) => ChannelView.parse(await api("PUT", at(id), change)),
  remove: async (id: string) => {
    await api("DELETE", at(id));
  },
  /** Calls the provider's API with the stored credentials; the answer carries the new status. */
  check: async (id: string) => ChannelView.parse(await api("POST", `${at(id)}/check`)),
  /** Telegram only: `setWebhook` with the channel's URL and secret token. */
  setWebhook: async (id: string) => ChannelView.parse(await api("POST", `${at(id)}/set-webhook`)),
};
