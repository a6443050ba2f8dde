import { useEffect, useState } from "react";
import { toastError } from "../ui/toasts";
import { type Call, callsApi } from "./calls-api";

/** The calls of one session, loaded again when `reloads` changes; undefined while loading (or when they could not be loaded, or `enabled` is false). */
export function useSessionCalls(sessionId: string, reloads: number, enabled = true): Call[] | undefined {
  const [calls, setCalls] = useState<Call[] | undefined>();
  useEffect(() => {
    if (!enabled) return undefined;
    let cancelled = false;
    callsApi.ofSession(sessionId).then(
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
  }, [sessionId, reloads, enabled]);
  return calls;
}
