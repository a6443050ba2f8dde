import type { CallPermissionReply } from "./parse-whatsapp-webhook";

const DAY_MS = 86_400_000;

/** The room's line for a user's answer to our call permission request: "The customer allowed calls for 7 days", "… declined calls". */
export function callPermissionReplyText(reply: Pick<CallPermissionReply, "accepted" | "permanent" | "expiresAtSeconds" | "source">, now: number): string {
  const automatic = reply.source === "automatic" ? " (automatically, by an earlier choice)" : "";
  if (!reply.accepted) return `The customer declined calls from this business${automatic}`;
  if (reply.permanent) return `The customer allowed calls from this business, with no end date${automatic}`;
  if (reply.expiresAtSeconds === undefined) return `The customer allowed calls from this business${automatic}`;
  const until = new Date(reply.expiresAtSeconds * 1000);
  const days = Math.max(1, Math.round((until.getTime() - now) / DAY_MS));
  return `The customer allowed calls for ${days} day${days === 1 ? "" : "s"} (until ${until.toISOString().slice(0, 16).replace("T", " ")} UTC)${automatic}`;
}
