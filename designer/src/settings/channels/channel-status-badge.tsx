import type { ChannelStatus, ChannelType } from "../../../../runtime/channels/channel-config";

const LOOK: Record<ChannelStatus, { label: string; className: string; meaning: string }> = {
  setup: { label: "Setup", className: "badge badge-warning", meaning: "Saved; nothing verified has come from the provider yet" },
  active: { label: "Active", className: "badge badge-published", meaning: "Verified webhooks arrive: the credentials work" },
  inactive: { label: "Inactive", className: "badge badge-unpublished", meaning: "Disabled: conversations are refused" },
  error: { label: "Error", className: "badge badge-error", meaning: "Something needs fixing" },
};

/** setup · active · inactive · error, with what it means on hover. */
export function ChannelStatusBadge({ status }: { status: ChannelStatus }) {
  const look = LOOK[status];
  return (
    <span className={look.className} title={look.meaning} data-status={status}>
      {look.label}
    </span>
  );
}

/** A SIP trunk's statuses: its registration (or, without a registrar, the carrier answering). */
const SIP_TRUNK_MEANING: Record<ChannelStatus, string> = {
  setup: "Saved; not registered yet (or, without a registrar, no call from the carrier yet)",
  active: "Registered with the registrar, or the carrier's calls arrive: calls can come in and go out",
  inactive: "Disabled: calls are refused and none can be placed",
  error: "The trunk cannot be reached: see the reason",
};

/** The sentence under the badge when the status has no message. */
export const statusMeaning = (status: ChannelStatus, type?: ChannelType): string => (type === "sip_trunk" ? SIP_TRUNK_MEANING[status] : LOOK[status].meaning);
