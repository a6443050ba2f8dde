import { Fragment, type ReactNode } from "react";
import type { SettingsRows } from "./use-settings-rows";

/** One column of a settings table: its header and what each row shows under it. */
export interface SettingsColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** The cells' class (`strong`, …). */
  className?: string;
}

/** A table (columns, and an optional last cell of buttons per row) or a stack of cards. */
type Layout<Row> =
  | { columns: readonly SettingsColumn<Row>[]; actions?: (row: Row) => ReactNode; card?: undefined }
  | { card: (row: Row) => ReactNode; columns?: undefined; actions?: undefined };

type SettingsListProps<Row> = Layout<Row> & {
  /** Names the table (`aria-label`) and the list in its error. */
  label: string;
  list: SettingsRows<Row>;
  /** Shown until the first answer, e.g. "Loading users…". */
  loading: string;
  /** Shown when there are no rows: a heading, a line of what the list is for, maybe a button. */
  empty: { title: string; text: string; action?: ReactNode };
};

/** A settings section's list: loading, why it failed (with Try again), empty, or the rows with a key each. */
export function SettingsList<Row extends { id: string }>(props: SettingsListProps<Row>) {
  const { list, columns, actions, card } = props;
  const rows = list.rows;
  return (
    <>
      {list.error !== undefined && (
        <p className="form-error" role="alert">
          {props.label} could not be {rows === undefined ? "loaded" : "refreshed"}: {list.error}{" "}
          <button type="button" className="button button-quiet" onClick={list.reload}>
            Try again
          </button>
        </p>
      )}
      {rows === undefined ? (
        list.error === undefined && <p className="muted" aria-busy="true">{props.loading}</p>
      ) : rows.length === 0 ? (
        <div className="empty-state">
          <h2>{props.empty.title}</h2>
          <p className="muted">{props.empty.text}</p>
          {props.empty.action}
        </div>
      ) : card !== undefined ? (
        <div className="settings-cards">{rows.map((row) => <Fragment key={row.id}>{card(row)}</Fragment>)}</div>
      ) : (
        <table className="table" aria-label={props.label}>
          <thead>
            <tr>
              {columns.map((column) => <th key={column.header} scope="col">{column.header}</th>)}
              {actions && <th scope="col"><span className="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                {columns.map((column) => <td key={column.header} className={column.className}>{column.cell(row)}</td>)}
                {actions && <td className="row-actions">{actions(row)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
