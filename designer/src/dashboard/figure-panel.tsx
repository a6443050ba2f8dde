import { type ReactNode, useId, useState } from "react";
import { downloadCsv, toCsv } from "./csv";

export interface FigureTable {
  header: string[];
  rows: Array<Array<string | number | null>>;
}

/**
 * One figure of the dashboard: its chart, the same numbers as a table (a toggle; screen readers
 * and people who want the numbers read it) and a CSV download of that table.
 */
export function FigurePanel({ title, csvName, table, children, tableOnly = false }: { title: string; csvName: string; table: FigureTable; children?: ReactNode; tableOnly?: boolean }) {
  const [asTable, setAsTable] = useState(tableOnly);
  const headingId = useId();
  return (
    <section className="dashboard-panel" aria-labelledby={headingId}>
      <header className="dashboard-panel-head">
        <h2 id={headingId}>{title}</h2>
        <div className="dashboard-panel-actions">
          {!tableOnly && (
            <button type="button" className="button button-quiet" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
              {asTable ? "Show chart" : "Show table"}
            </button>
          )}
          <button type="button" className="button button-quiet" onClick={() => downloadCsv(csvName, toCsv(table.header, table.rows))}>
            Download CSV
          </button>
        </div>
      </header>
      {asTable || children === undefined ? (
        <div className="dashboard-table-wrap">
          <table className="dashboard-table" aria-labelledby={headingId}>
            <thead>
              <tr>
                {table.header.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.length === 0 ? (
                <tr>
                  <td colSpan={table.header.length} className="muted">
                    Nothing in this range.
                  </td>
                </tr>
              ) : (
                table.rows.map((row, index) => (
                  <tr key={index}>
                    {row.map((cell, column) => (
                      <td key={column}>{cell ?? "—"}</td>
                    ))}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      ) : (
        children
      )}
    </section>
  );
}
