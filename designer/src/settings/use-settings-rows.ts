import { useCallback, useEffect, useRef, useState } from "react";

/** A settings list as loaded: its rows (undefined until the first answer), why the last load failed, and how to load it again. */
export interface SettingsRows<Row> {
  rows: Row[] | undefined;
  error: string | undefined;
  reload: () => void;
}

/**
 * Loads a settings list when the screen opens; `reload` after a change. Only the latest load
 * counts, and a failed one keeps the rows already shown. `load` must keep its identity between renders.
 */
export function useSettingsRows<Row>(load: () => Promise<Row[]>): SettingsRows<Row> {
  const [state, setState] = useState<Omit<SettingsRows<Row>, "reload">>({ rows: undefined, error: undefined });
  const latest = useRef(0);
  const reload = useCallback(() => {
    const call = ++latest.current;
    load().then(
      (rows) => call === latest.current && setState({ rows, error: undefined }),
      (error: unknown) => call === latest.current && setState((before) => ({ rows: before.rows, error: error instanceof Error ? error.message : String(error) })),
    );
  }, [load]);
  useEffect(reload, [reload]);
  return { ...state, reload };
}
