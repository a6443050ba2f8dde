import type { ReactNode } from "react";
import { Link } from "../router/link";
import "./settings.css";

const SECTIONS = [
  { href: "/settings/users", label: "Users" },
  { href: "/settings/teams", label: "Teams" },
  { href: "/settings/channels", label: "Channels" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/audio", label: "Audio" },
  { href: "/settings/speech", label: "Speech" },
  { href: "/settings/ai", label: "AI" },
];

/** The Settings frame: a heading, the sub-navigation, then one section. */
export function SettingsLayout({ path, actions, children }: { path: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <main className="page">
      <div className="page-header">
        <h1>Settings</h1>
        {actions && <div className="toolbar">{actions}</div>}
      </div>
      <nav className="settings-subnav" aria-label="Settings">
        {SECTIONS.map((section) => (
          <Link key={section.href} href={section.href} aria-current={path === section.href || path.startsWith(`${section.href}/`) ? "page" : undefined}>
            {section.label}
          </Link>
        ))}
      </nav>
      {children}
    </main>
  );
}
