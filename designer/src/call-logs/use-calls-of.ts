import { useEffect, useState } from "react";
import { toastError } from "../ui/toasts";
import { type Call, type CallsOf, callsApi } from "./calls-api";

/**
 * The calls of a session or an agent room, loaded again when `reloads` changes; undefined while
 * loading (or when they could not be loaded, or `source` is null).
 */
export function useCallsOf(source: CallsOf | null, reloads: number | string): Call[] | undefined {
  const [calls, setCalls] = useState<Call[] | undefined>();
  const key = source === null ? "" : "sessionId" in source ? `session:${source.sessionId}` : `conversation:${source.conversationId}`;
  useEffect(() => {
    if (source === null) return undefined;
    let cancelled = false;
    callsApi.of(source).then(
      (loaded) => {
        if (!cancelled) setCalls(loaded);
      },
      (error: unknown) => {
        if (!cancelled) toastError(error);
      },
    );
    return () => {
      cancelled = true;
    };
    // `key` names the source (the object itself may be new on every render).
  }, [key, reloads]);
  return calls;
}
