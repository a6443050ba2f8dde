import type { ChannelView } from "./channels-api";
import { CopyField } from "./copy-field";
import { sipConnectOf } from "./sip-connect";

/**
 * A SIP trunk's connect step: what to give the carrier (our SIP address, TLS too when served),
 * how the carrier is known (registration, or its addresses), and the ports to open for SIP and
 * for the audio (RTP).
 */
export function SipTrunkConnect({ channel }: { channel: ChannelView }) {
  const connect = sipConnectOf(channel);
  const numbers = connect.numbers.length === 0 ? "every number of the trunk" : connect.numbers.join(", ");
  return (
    <>
      <ol className="connect-steps">
        <li>
          At your carrier (or in your PBX), send the calls for <b>{numbers}</b> to the SIP address below{connect.addresses.length > 1 ? " (the sips: one over TLS)" : ""}.
        </li>
        {connect.registrar !== undefined ? (
          <li>
            Switchboard registers with <code>{connect.registrar}</code> using the username and password below, and keeps the registration fresh: the status turns <b>Active</b> once the registrar
            accepts it, or <b>Error</b> with the registrar's answer.
          </li>
        ) : (
          <li>
            No registration: calls are accepted only from{" "}
            {connect.inboundAddresses.length === 0 ? "the carrier addresses listed in the settings" : <code>{connect.inboundAddresses.join(", ")}</code>}; anyone else gets 403. Ask the carrier which
            addresses its calls come from.
          </li>
        )}
        <li>
          In your firewall, let the carrier reach SIP on port {connect.sipPorts.length === 0 ? "SIP_PORT (5060 unless set)" : connect.sipPorts.join(" and ")}, and the audio on the RTP ports:{" "}
          {connect.rtpPorts !== undefined ? <b>UDP {connect.rtpPorts}</b> : <b>UDP RTP_PORT_MIN–RTP_PORT_MAX (10000–20000 unless the server sets them)</b>}. Behind NAT, set MEDIA_PUBLIC_IP to the public
          address.
        </li>
        <li>Agents call out from the console's Call button through this trunk; calls in run the flow below.</li>
      </ol>
      <div className="copy-fields">
        {connect.addresses.map((address) => (
          <CopyField key={address.label} label={address.label} value={address.value} hint={address.hint} />
        ))}
      </div>
    </>
  );
}
