/**
 * The channel a dial node's call goes out on, by the session's channel type: a Twilio call's own
 * `<Dial>`, else the SIP trunk (browser voice, SIP trunk calls, and WhatsApp calls, which may not).
 */
export function dialCarrier(channelType: string): "twilio_voice" | "sip_trunk" {
  return channelType === "twilio_voice" ? "twilio_voice" : "sip_trunk";
}
