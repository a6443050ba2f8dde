import { CapacityMeter } from "./capacity-meter";
import { PresenceToggle } from "./presence-toggle";
import { VoiceIndicator } from "./softphone/voice-indicator";

/** The console's top line: title, presence and availability, the softphone, capacity. */
export function ConsoleHeader() {
  return (
    <header className="console-header">
      <h1>Console</h1>
      <PresenceToggle />
      <VoiceIndicator />
      <CapacityMeter />
    </header>
  );
}
