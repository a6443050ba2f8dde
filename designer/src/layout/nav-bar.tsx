import { useSession } from "../auth/session-store";
import { Link } from "../router/link";
import { usePath } from "../router/router";
import { toastError } from "../ui/toasts";

/** Console and Settings join when their screens land (agent rooms, channels). */
const SECTIONS = [
  { href: "/designer", label: "Designer", current: (path: string) => path === "/designer" || path.startsWith("/designer/flows") },
  { href: "/designer/logs", label: "Call logs", current: (path: string) => path.startsWith("/designer/logs") },
];
const SETTINGS = { href: "/settings/users", label: "Settings", current: (path: string) => path.startsWith("/settings") };

/** The top bar: sections and who is signed in. */
export function NavBar() {
  const path = usePath();
  const { me, logout } = useSession();
  return (
    <header className="nav-bar">
      <Link href="/designer" className="brand" aria-label="Switchboard home">
        <span className="brand-mark" aria-hidden="true" />
        Switchboard
      </Link>
      <nav aria-label="Sections">
        {[...SECTIONS, ...(me?.role === "admin" ? [SETTINGS] : [])].map((section) => (
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
