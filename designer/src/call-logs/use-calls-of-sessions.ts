import { useEffect, useRef, useState } from "react";
import { toastError } from "../ui/toasts";
import { type Call, callsApi } from "./calls-api";

/** Session ids per request (the API takes at most 200). */
const CHUNK = 200;

/**
 * The calls of the sessions listed, by session id (a session without calls maps to []), asked
 * in one request per 200 sessions whenever the list changes; undefined until they arrive.
 */
export function useCallsOfSessions(sessions: readonly { id: string }[] | undefined): ReadonlyMap<string, Call[]> | undefined {
  const [bySession, setBySession] = useState<ReadonlyMap<string, Call[]> | undefined>();
  const generation = useRef(0);
  useEffect(() => {
    const current = ++generation.current;
    if (sessions === undefined || sessions.length === 0) return;
    const ids = sessions.map((session) => session.id);
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += CHUNK) chunks.push(ids.slice(start, start + CHUNK));
    Promise.all(chunks.map((chunk) => callsApi.ofSessions(chunk))).then(
      (answers) => {
        if (current !== generation.current) return;
        const map = new Map<string, Call[]>(ids.map((id) => [id, []]));
        for (const call of answers.flat()) if (call.sessionId !== null) map.get(call.sessionId)?.push(call);
        setBySession(map);
      },
      (error: unknown) => {
        if (current === generation.current) toastError(error);
      },
    );
  }, [sessions]);
  return bySession;
}
