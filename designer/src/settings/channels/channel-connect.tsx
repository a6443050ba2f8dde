import { type ReactNode, useState } from "react";
import { MASK } from "../../../../runtime/channels/mask-credentials";
import { toast, toastError } from "../../ui/toasts";
import { type ChannelView, channelsApi } from "./channels-api";
import { providerOf } from "./channel-providers";
import { CopyField } from "./copy-field";
import { SipTrunkConnect } from "./sip-trunk-connect";
import { embedSnippet, isWidgetChannel, webhookLabel } from "./webhook-labels";
import { callingOf } from "./whatsapp-calling";

/**
 * What to do at the provider so it reaches this channel: the URLs to paste (each with Copy) and
 * the provider's own steps; Telegram's webhook is registered from here, web chat and browser
 * voice get their embed snippet, a SIP trunk our SIP address and the ports to open.
 * `verifyToken`: the WhatsApp verify token as just typed (the API only ever shows it masked).
 */
export function ChannelConnect({ channel, verifyToken, onChannel }: { channel: ChannelView; verifyToken?: string; onChannel: (channel: ChannelView) => void }) {
  const urls = Object.entries(channel.webhookUrls);
  const widget = isWidgetChannel(channel.type);
  const sip = channel.type === "sip_trunk";
  const urlFields = widget || sip ? null : urls.map(([key, url]) => <CopyField key={key} label={webhookLabel(channel, key)} value={url} hint="HTTP POST" />);
  return (
    <section className="channel-connect" aria-label="Connect the provider">
      {channel.type === "twilio_voice" && (
        <Steps>
          <li>
            In the Twilio Console open <b>Phone Numbers → Manage → Active numbers</b> and click {numberOf(channel) ?? "your number"}.
          </li>
          <li>
            Under <b>Voice Configuration</b>, set <b>A call comes in</b> to <i>Webhook</i>, paste the first URL below and choose <i>HTTP POST</i>.
          </li>
          <li>
            Paste the second URL into <b>Call status changes</b> (<i>HTTP POST</i>), so hang-ups end the conversation at once.
          </li>
          <li>Save the configuration and call the number: the first signed call turns the status to Active.</li>
        </Steps>
      )}
      {channel.type === "twilio_messaging" && (
        <Steps>
          <li>
            {channel.settings.whatsapp === true ? (
              <>
                In the Twilio Console open <b>Messaging → Senders → WhatsApp senders</b> and click your sender.
              </>
            ) : (
              <>
                In the Twilio Console open <b>Phone Numbers → Manage → Active numbers</b> and click {numberOf(channel) ?? "your number"}.
              </>
            )}
          </li>
          <li>
            Under <b>Messaging Configuration</b>, set <b>A message comes in</b> to <i>Webhook</i>, paste the URL below and choose <i>HTTP POST</i>.
          </li>
          <li>Save, then send the number a message: the first signed message turns the status to Active.</li>
        </Steps>
      )}
      {channel.type === "whatsapp_cloud" && (
        <Steps>
          <li>
            In Meta for Developers open your app → <b>WhatsApp → Configuration</b> and click <b>Edit</b> beside Webhook.
          </li>
          <li>
            Paste the <b>Callback URL</b> below, and the <b>Verify token</b> you chose in the credentials, then <b>Verify and save</b>: Meta calls the URL once with the token.
          </li>
          <li>
            Under <b>Webhook fields</b>, subscribe to <code>messages</code>
            {callingOf(channel.settings).enabled && (
              <>
                {" "}
                and to <code>calls</code>: WhatsApp calls reach this channel only through that field. Calling must also be turned on in the number’s call settings at Meta
              </>
            )}
            .
          </li>
        </Steps>
      )}
      {channel.type === "telegram" && (
        <Steps>
          <li>
            Register the webhook: Switchboard calls Telegram's <code>setWebhook</code> with the URL below and the secret token, so updates reach this channel.
          </li>
          <li>Then send your bot a message in Telegram: the first verified update turns the status to Active.</li>
        </Steps>
      )}
      {channel.type === "webchat" && (
        <Steps>
          <li>
            Paste this snippet before <code>&lt;/body&gt;</code> on the pages of your allowed origins: it draws the chat bubble.
          </li>
          <li>
            Your page's scripts may open it too: <code>Switchboard.open()</code>, <code>Switchboard.close()</code>, <code>Switchboard.toggle()</code>.
          </li>
        </Steps>
      )}
      {channel.type === "webvoice" && (
        <Steps>
          <li>
            Paste this snippet before <code>&lt;/body&gt;</code> on the pages of your allowed origins (served over https): it draws a call button. The browser asks for the microphone only when
            the visitor presses Call.
          </li>
          <li>
            To offer chat in the same bubble, add <code>data-channel="…"</code> with a web chat channel's id to the same tag.
          </li>
          <li>
            Your page's scripts may place and end calls too: <code>Switchboard.call()</code>, <code>Switchboard.hangup()</code>, and hear them with{" "}
            <code>Switchboard.on("connected" | "ended", …)</code>.
          </li>
        </Steps>
      )}

      {sip && urls.length > 0 && <SipTrunkConnect channel={channel} />}

      <div className="copy-fields">
        {widget && <CopyField label="Embed snippet" value={embedSnippet(channel, window.location.origin)} multiline />}
        {urlFields}
        {channel.type === "whatsapp_cloud" && <VerifyToken channel={channel} verifyToken={verifyToken} />}
      </div>
      {!widget && urls.length === 0 && (
        <p className="settings-warning" role="note">
          {sip ? "No SIP address to show" : "No webhook URL to show"}:{" "}
          {channel.status === "error" && channel.statusMessage ? channel.statusMessage : `this server does not run the ${providerOf(channel.type).label} driver yet.`}
        </p>
      )}
      {channel.type === "telegram" && <RegisterWebhook channel={channel} onChannel={onChannel} />}
    </section>
  );
}

function Steps({ children }: { children: ReactNode }) {
  return <ol className="connect-steps">{children}</ol>;
}

const numberOf = (channel: ChannelView): string | undefined => (typeof channel.settings.phoneNumber === "string" ? channel.settings.phoneNumber : undefined);

/** Meta's verify token: copyable while it is known in the clear (just entered), otherwise said to be stored. */
function VerifyToken({ channel, verifyToken }: { channel: ChannelView; verifyToken: string | undefined }) {
  if (verifyToken !== undefined && verifyToken !== "" && !verifyToken.startsWith(MASK)) return <CopyField label="Verify token" value={verifyToken} hint="paste it beside the callback URL" />;
  return (
    <p className="muted small">
      Verify token: <code>{channel.credentials.verifyToken ?? MASK}</code> (stored; only its last characters are shown). Replace it in the credentials below to set a new one.
    </p>
  );
}

/** Telegram: POST /api/channels/:id/set-webhook. */
function RegisterWebhook({ channel, onChannel }: { channel: ChannelView; onChannel: (channel: ChannelView) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="dialog-actions dialog-actions-start">
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            const updated = await channelsApi.setWebhook(channel.id);
            onChannel(updated);
            if (updated.status === "error") toast.error(`Telegram refused the webhook: ${updated.statusMessage ?? "see the status"}`);
            else toast.success("Registered the webhook with Telegram");
          } catch (error) {
            toastError(error);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? "Registering…" : "Register webhook"}
      </button>
    </div>
  );
}
