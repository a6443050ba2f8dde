import { useEffect, useState } from "react";
import { FormDialog } from "../settings/form-dialog";
import { channelLabel, isVoice } from "./channel-label";
import { consoleActions } from "./console-actions";
import { useDialer } from "./dialer/dialer-store";

const CHANNELS = ["twilio_sms", "twilio_whatsapp", "whatsapp", "telegram", "twilio_voice"];
const ADDRESS_HINT: Record<string, string> = { telegram: "chat id", whatsapp: "phone number (E.164)", twilio_whatsapp: "phone number (E.164)" };
/** Voice invitations through a SIP trunk when one is enabled (the trunk phones them into the room's call). */
const SIP_TRUNK = "sip_trunk";

/** Invites someone by channel and address: chat channels send them an invitation, voice can call them into the room. */
export function InviteDialog({ conversationId, open, onClose }: { conversationId: string; open: boolean; onClose: () => void }) {
  const [channel, setChannel] = useState("twilio_sms");
  const [address, setAddress] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [call, setCall] = useState(true);
  const hasTrunk = useDialer((store) => store.trunks?.some((trunk) => trunk.enabled) === true);
  const channels = hasTrunk ? [...CHANNELS, SIP_TRUNK] : CHANNELS;
  useEffect(() => {
    if (!open) return;
    setAddress("");
    setDisplayName("");
    setCall(true);
  }, [open]);
  const voice = isVoice(channel);
  return (
    <FormDialog
      title="Invite a participant"
      action="Invite"
      open={open}
      canSubmit={address.trim() !== ""}
      onClose={onClose}
      onSubmit={async () => {
        await consoleActions.invite(conversationId, {
          channel,
          address: address.trim(),
          ...(displayName.trim() === "" ? {} : { displayName: displayName.trim() }),
          ...(voice ? { call } : {}),
        });
        onClose();
      }}
    >
      <label>
        Channel
        <select value={channel} onChange={(event) => setChannel(event.target.value)}>
          {channels.map((choice) => (
            <option key={choice} value={choice}>
              {channelLabel(choice)}
              {choice.startsWith("twilio_") && choice !== "twilio_voice" ? " (Twilio)" : choice === SIP_TRUNK ? " (SIP trunk)" : ""}
            </option>
          ))}
        </select>
      </label>
      <label>
        Address
        <input value={address} required placeholder={ADDRESS_HINT[channel] ?? "phone number (E.164)"} onChange={(event) => setAddress(event.target.value)} />
      </label>
      <label>
        Display name (optional)
        <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
      </label>
      {voice && (
        <label className="checkbox">
          <input type="checkbox" checked={call} onChange={(event) => setCall(event.target.checked)} />
          Call them now (an outbound call joins the room)
        </label>
      )}
    </FormDialog>
  );
}
