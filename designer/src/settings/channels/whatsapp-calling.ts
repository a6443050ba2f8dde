import { WhatsAppCallingSettings } from "../../../../runtime/channels/channel-config";

/** A WhatsApp channel's stored `settings.calling` as the form reads it: off, and no flow, unless it says otherwise. */
export function callingOf(settings: Record<string, unknown>): { enabled: boolean; flowId: string } {
  const calling = WhatsAppCallingSettings.safeParse(settings.calling);
  return calling.success ? { enabled: calling.data.enabled, flowId: calling.data.flowId ?? "" } : { enabled: false, flowId: "" };
}
