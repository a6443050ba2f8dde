import { useEffect } from "react";
import { useSession } from "./auth/session-store";
import { FlowEditorPage } from "./editor/flow-editor-page";
import { NavBar } from "./layout/nav-bar";
import { FlowsPage } from "./pages/flows-page";
import { LoginPage } from "./pages/login-page";
import { NotFoundPage } from "./pages/not-found-page";
import { SetupPage } from "./pages/setup-page";
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
    if (me === null && !isPublic) navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
    if (me && (path === "/" || isPublic)) navigate("/designer", { replace: true });
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

function SignedIn({ path }: { path: string }) {
  const editor = matchPath("/designer/flows/:id", path);
  return (
    <div className="app-shell">
      <NavBar />
      {path === "/designer" ? <FlowsPage /> : editor?.id ? <FlowEditorPage key={editor.id} flowId={editor.id} /> : <NotFoundPage />}
    </div>
  );
}
