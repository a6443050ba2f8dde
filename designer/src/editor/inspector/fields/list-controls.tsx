/** Move up, move down and remove buttons for one row of an editable list. */
export function ListControls({ index, count, what, onMove, onRemove, canRemove = true }: {
  index: number;
  count: number;
  what: string;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
  canRemove?: boolean;
}) {
  return (
    <span className="list-controls">
      <button type="button" className="icon-button" aria-label={`Move ${what} up`} disabled={index === 0} onClick={() => onMove(index, index - 1)}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label={`Move ${what} down`} disabled={index === count - 1} onClick={() => onMove(index, index + 1)}>
        ↓
      </button>
      <button type="button" className="icon-button icon-button-danger" aria-label={`Remove ${what}`} disabled={!canRemove} onClick={() => onRemove(index)}>
        ×
      </button>
    </span>
  );
}
