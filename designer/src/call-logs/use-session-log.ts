import { useCallback, useEffect, useState } from "react";
import type { FlowDocument } from "../../../flow-schema/document";
import { ApiRequestError } from "../api/api-client";
import { toastError } from "../ui/toasts";
import { flowVersionsOf } from "./flow-version-ref";
import { type SessionDetail, sessionsApi } from "./sessions-api";

/** A flow version's document as the session page loads it. */
export type DocumentState = { status: "loading" } | { status: "ready"; document: FlowDocument } | { status: "failed"; message: string };

export interface SessionLog {
  /** undefined while loading; null when the session does not exist. */
  session: SessionDetail | null | undefined;
  /** By `versionKey`. */
  documents: ReadonlyMap<string, DocumentState>;
  reload: () => void;
}

/** One session with the documents of every flow version it ran on. */
export function useSessionLog(sessionId: string): SessionLog {
  const [session, setSession] = useState<SessionDetail | null | undefined>();
  const [documents, setDocuments] = useState<ReadonlyMap<string, DocumentState>>(new Map());
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let cancelled = false;
    sessionsApi.get(sessionId).then(
      (loaded) => {
        if (cancelled) return;
        setSession(loaded);
        for (const ref of flowVersionsOf(loaded, loaded.steps)) {
          setDocuments((previous) => (previous.has(ref.key) ? previous : new Map(previous).set(ref.key, { status: "loading" })));
          sessionsApi.document(ref.flowId, ref.version).then(
            (document) => {
              if (!cancelled) setDocuments((previous) => new Map(previous).set(ref.key, { status: "ready", document }));
            },
            (error: unknown) => {
              if (cancelled) return;
              const message = error instanceof Error ? error.message : String(error);
              setDocuments((previous) => (previous.get(ref.key)?.status === "ready" ? previous : new Map(previous).set(ref.key, { status: "failed", message })));
            },
          );
        }
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiRequestError && error.status === 404) setSession(null);
        else toastError(error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [sessionId, reloads]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return { session, documents, reload };
}
