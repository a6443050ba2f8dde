import { Priority as PriorityEnum } from "../../../runtime/rooms/views";
import type { Priority } from "./room-types";
import { toastError } from "../ui/toasts";
import { consoleActions } from "./console-actions";

/** The conversation's priority (PATCH): urgent ones go to the top of every list. */
export function PriorityField({ conversationId, priority, disabled }: { conversationId: string; priority: Priority; disabled: boolean }) {
  return (
    <label className="field-row">
      Priority
      <select
        value={priority}
        disabled={disabled}
        onChange={(event) => {
          const next = PriorityEnum.safeParse(event.target.value);
          if (next.success) consoleActions.setPriority(conversationId, next.data).catch(toastError);
        }}
      >
        {PriorityEnum.options.map((choice) => (
          <option key={choice} value={choice}>
            {choice[0]?.toUpperCase()}
            {choice.slice(1)}
          </option>
        ))}
      </select>
    </label>
  );
}
