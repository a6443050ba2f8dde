import { useEffect } from "react";
import { useSession } from "./auth/session-store";
import { DashboardPage } from "./dashboard/dashboard-page";
import { CallLogsPage } from "./call-logs/call-logs-page";
import { ConsolePage } from "./console/console-page";
import { SessionPage } from "./call-logs/session-page";
import { FlowEditorPage } from "./editor/flow-editor-page";
import { SimulatorTab } from "./editor-tabs/simulator-tab";
import { VersionsTab } from "./editor-tabs/versions-tab";
import { NavBar } from "./layout/nav-bar";
import { FlowsPage } from "./pages/flows-page";
import { LoginPage } from "./pages/login-page";
import { NotFoundPage } from "./pages/not-found-page";
import { SetupPage } from "./pages/setup-page";
import { SettingsPage } from "./settings/settings-page";
import { matchPath, navigate, usePath } from "./router/router";
import { Toasts, toastError } from "./ui/toasts";

/** The app: sign-in pages, then the signed-in sections under the navigation bar. */
export function App() {
  const path = usePath();
  const { me, load } = useSession();
  useEffect(() => {
    load().catch(toastError);
  }, [load]);

  const isPublic = path === "/login" || path === "/setup";
  useEffect(() => {
    if (me === null && !isPublic) navigate(`/login?next=${encodeURIComponent(path + window.location.search)}`, { replace: true });
    if (me && (path === "/" || isPublic)) navigate(afterSignIn(me.role), { replace: true });
    // Agents work in the console: the designer, its logs and the dashboard are for admins.
    if (me?.role === "agent" && (path === "/designer" || path.startsWith("/designer/") || path === "/dashboard")) navigate("/console", { replace: true });
  }, [me, path, isPublic]);

  let page;
  if (path === "/login") page = <LoginPage />;
  else if (path === "/setup") page = <SetupPage />;
  else if (me === undefined) page = <p className="page muted" aria-busy="true">Loading…</p>;
  else if (me === null) page = null;
  else page = <SignedIn path={path} />;

  return (
    <>
      {page}
      <Toasts />
    </>
  );
}

/** Where to go once signed in: the page that sent the user to sign in, else the flows (admins) or the console (agents). */
function afterSignIn(role: "admin" | "agent"): string {
  const next = new URLSearchParams(window.location.search).get("next");
  if (next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") && next !== "/") return next;
  return role === "admin" ? "/designer" : "/console";
}

function SignedIn({ path }: { path: string }) {
  return (
    <div className="app-shell">
      <NavBar />
      <SignedInPage path={path} />
    </div>
  );
}

function SignedInPage({ path }: { path: string }) {
  if (path === "/designer") return <FlowsPage />;
  if (path === "/console") return <ConsolePage conversationId={null} />;
  const room = matchPath("/console/:conversationId", path);
  if (room?.conversationId) return <ConsolePage conversationId={room.conversationId} />;
  if (path === "/designer/logs") return <CallLogsPage />;
  if (path === "/dashboard") return <DashboardPage />;
  if (path === "/settings" || path.startsWith("/settings/")) return <SettingsPage path={path} />;
  const log = matchPath("/designer/logs/:sessionId", path);
  if (log?.sessionId) return <SessionPage key={log.sessionId} sessionId={log.sessionId} />;
  const editor = matchPath("/designer/flows/:id", path);
  if (editor?.id) {
    const flowId = editor.id;
    return (
      <FlowEditorPage
        key={flowId}
        flowId={flowId}
        extraTabs={[
          { id: "simulator", title: "Simulator", content: <SimulatorTab flowId={flowId} /> },
          { id: "versions", title: "Versions", content: <VersionsTab flowId={flowId} /> },
        ]}
      />
    );
  }
  return <NotFoundPage />;
}
