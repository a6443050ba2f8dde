import { eventTable, type WidgetMapper } from "../widget-mapper";

/** Studio's defaults: from the number or address the flow was reached on, to the contact. */
const FLOW_ADDRESS = /^\s*\{\{\s*flow\.channel\.address\s*\}\}\s*$/;
const CONTACT_ADDRESS = /^\s*\{\{\s*contact\.channel\.address\s*\}\}\s*$/;

/**
 * send-message → send_message. `body` is the text; `to` other than Studio's default
 * (`{{contact.channel.address}}`: the contact, which is send_message's own default) becomes `to`.
 * Studio sends from the flow's own number (`from` `{{flow.channel.address}}`): send_message without
 * a channel answers on the chat's own channel. Any other `from`, and every send-message in a flow
 * that calls, needs a messaging channel picked by hand (the validator's channel_unsupported
 * says so for a voice flow). `service`, `channel`, `media_url`, `attributes` are reported as not
 * carried over. `sent` → sent, `failed` → failed.
 */
export const sendMessageMapper: WidgetMapper = {
  map: ({ properties }) => {
    const text = properties.liquid("body");
    if (text === undefined) properties.warn(`has no body; its name "${properties.owner.name}" is sent instead, replace it`, "body");
    const to = properties.string("to");
    const custom = to !== undefined && to.trim() !== "" && !CONTACT_ADDRESS.test(to);
    const from = properties.string("from");
    if (from !== undefined && from.trim() !== "" && !FLOW_ADDRESS.test(from)) {
      properties.warn(`Studio sent from ${from}; Switchboard sends through a messaging channel: pick the one with that number (channelId)`, "from");
    } else {
      properties.report("warning", "sends on the chat's own channel; on a call it needs a messaging channel picked by hand (channelId), or it takes failed", properties.owner.pointer);
    }
    return {
      type: "send_message",
      data: { text: text ?? properties.owner.name, ...(custom ? { to: properties.liquid("to") } : {}) },
      handles: eventTable("send-message", { sent: "sent", failed: "failed" }),
    };
  },
};
