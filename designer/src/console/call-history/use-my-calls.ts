import { useCallback, useEffect, useState } from "react";
import { type Call, callsApi } from "../../call-logs/calls-api";

export interface MyCalls {
  /** Newest first; undefined until the first page arrives. */
  calls: Call[] | undefined;
  error: string | undefined;
  /** There are older calls: `more()` loads the next page. */
  hasMore: boolean;
  loadingMore: boolean;
  more(): void;
  reload(): void;
}

/**
 * The signed-in agent's calls (GET /api/calls?mine=true), newest first: the first page again
 * whenever `reloads` changes (a call of theirs started or ended; older pages loaded go), older
 * pages on demand.
 */
export function useMyCalls(reloads: string): MyCalls {
  const [calls, setCalls] = useState<Call[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [tries, setTries] = useState(0);
  useEffect(() => {
    let live = true;
    callsApi.mine().then(
      (page) => {
        if (!live) return;
        setError(undefined);
        setCalls(page.items);
        setCursor(page.nextCursor);
      },
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [reloads, tries]);
  const more = useCallback(() => {
    if (cursor === null || loadingMore) return;
    setLoadingMore(true);
    callsApi.mine(cursor).then(
      (page) => {
        setCalls((before) => [...(before ?? []), ...page.items.filter((call) => !(before ?? []).some((known) => known.id === call.id))]);
        setCursor(page.nextCursor);
        setLoadingMore(false);
      },
      (failure: unknown) => {
        setError(failure instanceof Error ? failure.message : String(failure));
        setLoadingMore(false);
      },
    );
  }, [cursor, loadingMore]);
  return { calls, error, hasMore: cursor !== null, loadingMore, more, reload: () => setTries((count) => count + 1) };
}
