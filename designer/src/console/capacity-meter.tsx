import { useConsole } from "./console-store";

/** How many conversations the agent has of how many they may have at once. */
export function CapacityMeter() {
  const me = useConsole((state) => state.me);
  if (me === null) return null;
  const full = me.open >= me.capacity;
  return (
    <div className="capacity" aria-label="Capacity">
      <span className="muted small">Capacity</span>
      <span className={full ? "capacity-value capacity-full" : "capacity-value"}>
        {me.open} / {me.capacity}
      </span>
      <span className="capacity-bar" aria-hidden="true">
        <span style={{ width: `${me.capacity === 0 ? 100 : Math.min(100, (me.open / me.capacity) * 100)}%` }} />
      </span>
    </div>
  );
}
