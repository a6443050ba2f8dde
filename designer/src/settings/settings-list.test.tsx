import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type SettingsColumn, SettingsList } from "./settings-list";
import type { SettingsRows } from "./use-settings-rows";

interface Person {
  id: string;
  email: string;
  active: boolean;
}

const DANA: Person = { id: "u1", email: "dana@acme.test", active: true };
const LEE: Person = { id: "u2", email: "lee@acme.test", active: false };
const list = (rows: Person[] | undefined, error?: string): SettingsRows<Person> => ({ rows, error, reload: () => undefined });

const EMPTY = { title: "No users yet", text: "Add the admins and agents." };
const COLUMNS: SettingsColumn<Person>[] = [
  { header: "Email", className: "strong", cell: (person) => person.email },
  { header: "Status", cell: (person) => (person.active ? "Active" : "Disabled") },
];
const disable = (person: Person) => <button type="button">Disable {person.email}</button>;

/** The users table as a section would use it, for rows loaded (or not) and a load's problem. */
const table = (rows: Person[] | undefined, options: { error?: string; empty?: typeof EMPTY & { action?: ReactNode }; actions?: typeof disable | undefined } = {}) =>
  renderToStaticMarkup(
    <SettingsList label="Users" loading="Loading users…" list={list(rows, options.error)} empty={options.empty ?? EMPTY} columns={COLUMNS} actions={"actions" in options ? options.actions : disable} />,
  );

describe("SettingsList", () => {
  it("says it is loading until the first answer, and nothing else", () => {
    expect(table(undefined)).toBe('<p class="muted" aria-busy="true">Loading users…</p>');
  });

  it("names the list and the reason when the first load fails, with Try again instead of a spinner", () => {
    const html = table(undefined, { error: "the server cannot be reached" });
    expect(html).toContain('role="alert"');
    expect(html).toContain("Users could not be loaded: the server cannot be reached");
    expect(html).toContain(">Try again</button>");
    expect(html).not.toContain("aria-busy");
    expect(html).not.toContain("<table");
  });

  it("shows the empty state with its heading, line and action", () => {
    const html = table([], { empty: { ...EMPTY, action: <button type="button">New user</button> } });
    expect(html).toBe('<div class="empty-state"><h2>No users yet</h2><p class="muted">Add the admins and agents.</p><button type="button">New user</button></div>');
  });

  it("renders a labelled table: headers, a hidden Actions header, one row per item with its cells and buttons", () => {
    const html = table([DANA, LEE]);
    expect(html).toContain('<table class="table" aria-label="Users">');
    expect(html).toContain('<thead><tr><th scope="col">Email</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
    expect(html).toContain('<tr><td class="strong">dana@acme.test</td><td>Active</td><td class="row-actions"><button type="button">Disable dana@acme.test</button></td></tr>');
    expect(html).toContain('<td class="strong">lee@acme.test</td><td>Disabled</td>');
  });

  it("leaves out the actions column when there are no row actions", () => {
    const html = table([DANA], { actions: undefined });
    expect(html).not.toContain("Actions");
    expect(html).not.toContain("row-actions");
  });

  it("keeps the rows it has when a refresh fails, and says so above them", () => {
    const html = table([DANA], { error: "forbidden" });
    expect(html.indexOf("Users could not be refreshed: forbidden")).toBeLessThan(html.indexOf("<table"));
    expect(html).toContain("dana@acme.test");
  });

  it("lays the rows out as cards when given a card", () => {
    const html = renderToStaticMarkup(<SettingsList label="Teams" loading="Loading teams…" empty={EMPTY} list={list([DANA, LEE])} card={(person) => <section>{person.email}</section>} />);
    expect(html).toBe('<div class="settings-cards"><section>dana@acme.test</section><section>lee@acme.test</section></div>');
  });
});
