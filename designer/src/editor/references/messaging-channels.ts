import { useEffect, useState } from "react";
import { z } from "zod";
import { MESSAGING_CHANNEL_TYPES } from "../../../../flow-schema/nodes/send-message";
import { api } from "../../api/api-client";

const ChannelRef = z.object({ id: z.string(), name: z.string(), type: z.string(), enabled: z.boolean() });

export interface MessagingChannelRef {
  id: string;
  name: string;
}

const TYPE_NAMES: Record<string, string> = { twilio_messaging: "Twilio SMS/WhatsApp", whatsapp_cloud: "WhatsApp", telegram: "Telegram" };
const canSend = (type: string): boolean => MESSAGING_CHANNEL_TYPES.some((candidate) => candidate === type);

/** The channels a send_message can send through (GET /api/channels), named with their type; undefined until loaded or when unavailable. */
export function useMessagingChannels(): readonly MessagingChannelRef[] | undefined {
  const [channels, setChannels] = useState<readonly MessagingChannelRef[] | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api("GET", "/api/channels")
      .then((body) => z.array(ChannelRef).parse(body))
      .then(
        (all) =>
          live &&
          setChannels(
            all
              .filter((channel) => canSend(channel.type))
              .map((channel) => ({ id: channel.id, name: `${channel.name} · ${TYPE_NAMES[channel.type] ?? channel.type}${channel.enabled ? "" : " (disabled)"}` })),
          ),
        () => undefined, // Without the list the picker is a text field; the validator still names a missing channel.
      );
    return () => {
      live = false;
    };
  }, []);
  return channels;
}
