import { CapacityMeter } from "./capacity-meter";
import { PresenceToggle } from "./presence-toggle";

/** The console's top line: title, presence and availability, capacity. */
export function ConsoleHeader() {
  return (
    <header className="console-header">
      <h1>Console</h1>
      <PresenceToggle />
      <CapacityMeter />
    </header>
  );
}
