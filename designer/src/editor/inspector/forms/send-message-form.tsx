import { useMessagingChannels } from "../../references/messaging-channels";
import { TextField } from "../fields/text-field";
import { ReferencePicker } from "../reference-picker";
import type { FormProps } from "./form-props";

export function SendMessageForm({ data, errors, onChange }: FormProps<"send_message">) {
  const channels = useMessagingChannels();
  return (
    <>
      <ReferencePicker
        label="Send through channel"
        value={data.channelId ?? ""}
        items={channels}
        errors={errors.at("channelId")}
        hint="A Twilio messaging (SMS or WhatsApp), WhatsApp Cloud or Telegram channel. Empty: the chat's own channel (a call must choose one)."
        onChange={(channelId) => {
          const { channelId: _old, ...rest } = data;
          onChange(channelId === "" ? rest : { ...rest, channelId }, { coalesce: "channelId" });
        }}
      />
      <TextField
        label="To"
        value={data.to ?? ""}
        errors={errors.at("to")}
        monospace
        placeholder="the caller"
        hint="Empty: the caller (their number by SMS or WhatsApp, their chat on the same channel). Or an address, e.g. {{vars.mobile}}."
        onChange={(to) => {
          const { to: _old, ...rest } = data;
          onChange(to === "" ? rest : { ...rest, to }, { coalesce: "to" });
        }}
      />
      <TextField label="Message" value={data.text} errors={errors.at("text")} multiline rows={4} hint="{{templates}} allowed." onChange={(text) => onChange({ ...data, text }, { coalesce: "text" })} />
    </>
  );
}
