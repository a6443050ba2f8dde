import { CapacityMeter } from "./capacity-meter";
import { CallButton } from "./dialer/call-button";
import { PresenceToggle } from "./presence-toggle";
import { VoiceIndicator } from "./softphone/voice-indicator";

/** The console's top line: title, presence and availability, the softphone, capacity, and Call (the dialer) when there is a SIP trunk. */
export function ConsoleHeader() {
  return (
    <header className="console-header">
      <h1>Console</h1>
      <PresenceToggle />
      <VoiceIndicator />
      <CapacityMeter />
      <CallButton />
    </header>
  );
}
