import { useSession } from "../auth/session-store";
import { Link } from "../router/link";
import { usePath } from "../router/router";
import { toastError } from "../ui/toasts";

interface Section {
  href: string;
  label: string;
  current: (path: string) => boolean;
}

const DESIGNER: Section = { href: "/designer", label: "Designer", current: (path) => path === "/designer" || path.startsWith("/designer/flows") };
const DASHBOARD: Section = { href: "/dashboard", label: "Dashboard", current: (path) => path === "/dashboard" };
const CALL_LOGS: Section = { href: "/designer/logs", label: "Call logs", current: (path) => path.startsWith("/designer/logs") };
const CONSOLE: Section = { href: "/console", label: "Console", current: (path) => path === "/console" || path.startsWith("/console/") };
const SETTINGS: Section = { href: "/settings/users", label: "Settings", current: (path) => path.startsWith("/settings") };

/** Admins build flows, watch the dashboard, read logs, take conversations and run settings; agents work in the console. */
export function sectionsFor(role: "admin" | "agent" | undefined): Section[] {
  return role === "admin" ? [DESIGNER, DASHBOARD, CALL_LOGS, CONSOLE, SETTINGS] : [CONSOLE];
}

/** The top bar: sections and who is signed in. */
export function NavBar() {
  const path = usePath();
  const { me, logout } = useSession();
  return (
    <header className="nav-bar">
      <Link href={me?.role === "admin" ? "/designer" : "/console"} className="brand" aria-label="Switchboard home">
        <span className="brand-mark" aria-hidden="true" />
        Switchboard
      </Link>
      <nav aria-label="Sections">
        {sectionsFor(me?.role).map((section) => (
          <Link key={section.href} href={section.href} className="nav-link" aria-current={section.current(path) ? "page" : undefined}>
            {section.label}
          </Link>
        ))}
      </nav>
      <div className="nav-user">
        {me && (
          <>
            <span className="muted">
              {me.name} · {me.role}
            </span>
            <button type="button" className="button button-quiet" onClick={() => logout().catch(toastError)}>
              Sign out
            </button>
          </>
        )}
      </div>
    </header>
  );
}
