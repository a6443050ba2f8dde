import { useMemo, useState } from "react";
import type { FlowDocument } from "../../../flow-schema/document";
import { Link } from "../router/link";
import { flowVersionsOf, versionKey, versionText } from "./flow-version-ref";
import { FlowVersionTabs } from "./flow-version-tabs";
import { type CanvasFocus, PathCanvas } from "./path-canvas";
import { InsightsPanel } from "../insights/insights-panel";
import { SessionRecordings } from "./session-recordings";
import { SessionCalls } from "./session-calls";
import { SessionFacts } from "./session-facts";
import { type FlowPath, sessionPaths } from "./session-path";
import { SessionStatePanel } from "./session-state-panel";
import { SessionTimeline } from "./session-timeline";
import { StatusBadge } from "./status-badge";
import { type TimelineItem, timelineItems } from "./timeline";
import { flowName as nameOf, useFlows } from "./use-flows";
import { useCallsOf } from "./use-calls-of";
import { useSessionLog } from "./use-session-log";
import "./call-logs.css";

/** /designer/logs/:sessionId: one session's calls, timeline, state, and its path on the canvas of each flow version it ran on. */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const { session, documents, reload } = useSessionLog(sessionId);
  const [callReloads, setCallReloads] = useState(0);
  const calls = useCallsOf({ sessionId }, callReloads);
  const flows = useFlows();
  const [activeKey, setActiveKey] = useState<string | undefined>();
  const [selected, setSelected] = useState<{ seq: number; focus: CanvasFocus } | undefined>();

  const ready = useMemo(() => {
    const map = new Map<string, FlowDocument>();
    for (const [key, state] of documents) if (state.status === "ready") map.set(key, state.document);
    return map;
  }, [documents]);
  const versions = useMemo(() => (session ? flowVersionsOf(session, session.steps) : []), [session]);
  const paths = useMemo(() => (session ? sessionPaths(session.steps, ready) : new Map<string, FlowPath>()), [session, ready]);
  const items = useMemo(() => (session ? timelineItems(session, session.steps, ready) : []), [session, ready]);
  /** When the session was loaded: a running session's duration counts to here. */
  const loadedAt = useMemo(() => (session ? Date.now() : 0), [session]);

  if (session === null) {
    return (
      <main className="page">
        <h1>Session not found</h1>
        <p className="muted">There is no session {sessionId}.</p>
        <Link href="/designer/logs">Back to the call logs</Link>
      </main>
    );
  }
  if (session === undefined) {
    return (
      <p className="page muted" aria-busy="true">
        Loading session…
      </p>
    );
  }

  const flowName = (flowId: string) => nameOf(flows, flowId);
  const lastStep = session.steps.at(-1);
  const lastKey = lastStep ? versionKey(lastStep.flowId, lastStep.version) : versionKey(session.flowId, session.version);
  const active = versions.find((ref) => ref.key === activeKey) ?? versions.find((ref) => ref.key === lastKey) ?? versions[0];
  const activeDocument = active ? documents.get(active.key) : undefined;
  const select = (item: TimelineItem) => {
    setActiveKey(item.key);
    setSelected({ seq: item.seq, focus: { nodeId: item.nodeId, nonce: Date.now() } });
  };
  const focus = selected && active && items.find((item) => item.seq === selected.seq)?.key === active.key ? selected.focus : undefined;

  return (
    <main className="session-log">
      <header className="session-log-header">
        <div className="session-log-title">
          <Link href="/designer/logs" className="muted">
            Call logs
          </Link>
          <span className="muted">/</span>
          <h1>
            {flowName(session.flowId)} <span className="muted">· {versionText(session.version)}</span>
          </h1>
          <StatusBadge status={session.status} />
          <span className="muted small session-id">{session.id}</span>
          <button
            type="button"
            className="button session-refresh"
            onClick={() => {
              reload();
              setCallReloads((count) => count + 1);
            }}
          >
            Refresh
          </button>
        </div>
        <SessionFacts session={session} flowName={flowName(session.flowId)} now={loadedAt} />
      </header>
      <div className="session-log-body">
        <div className="session-log-side">
          <SessionCalls calls={calls} />
          {session.insights !== null && <InsightsPanel className="session-panel" level={2} insights={session.insights} waiting="" />}
          <SessionRecordings recordings={session.recordings} />
          <section className="session-panel" aria-labelledby="session-timeline-title">
            <h2 id="session-timeline-title">Timeline</h2>
            <SessionTimeline items={items} flowName={flowName} selectedSeq={selected?.seq} onSelect={select} />
          </section>
          <SessionStatePanel state={session.state} lastDocument={ready.get(lastKey)} />
        </div>
        <section className="session-log-canvas" aria-label="Path on the canvas">
          {active && <FlowVersionTabs versions={versions} active={active.key} flowName={flowName} onSelect={setActiveKey} />}
          {active?.version === null && (
            <p className="canvas-note" role="note">
              This session ran on the draft. The canvas shows the draft as it is now: it may have changed since.
            </p>
          )}
          <div className="path-canvas" id="path-canvas-panel" role="tabpanel" aria-label={active ? `${flowName(active.flowId)} · ${versionText(active.version)}` : "Canvas"}>
            {active === undefined || activeDocument === undefined || activeDocument.status === "loading" ? (
              <p className="muted canvas-message" aria-busy="true">
                Loading the flow…
              </p>
            ) : activeDocument.status === "failed" ? (
              <p className="canvas-message">
                This flow version cannot be shown: {activeDocument.message}
              </p>
            ) : (
              <PathCanvas key={active.key} document={activeDocument.document} path={paths.get(active.key)} focus={focus} />
            )}
          </div>
        </section>
      </div>
    </main>
  );
}
