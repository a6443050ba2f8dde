import { type FormEvent, useState } from "react";
import { useSession } from "../auth/session-store";
import { navigate } from "../router/router";

/** First start: create the first admin with the token from the server's log. */
export function SetupPage() {
  const setup = useSession((state) => state.setup);
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const token = new URLSearchParams(window.location.search).get("token") ?? "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await setup({ token, ...form });
      navigate("/designer", { replace: true });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="setup-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Switchboard
        </div>
        <h1 id="setup-title">Create the first admin</h1>
        {token === "" && <p className="form-error">Open the setup link the server printed when it started; it carries a one-time token.</p>}
        <label>
          Name
          <input required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} autoFocus />
        </label>
        <label>
          Email
          <input type="email" autoComplete="username" required value={form.email} onChange={(event) => setForm({ ...form, email: event.target.value })} />
        </label>
        <label>
          Password (8 characters or more)
          <input type="password" autoComplete="new-password" minLength={8} required value={form.password} onChange={(event) => setForm({ ...form, password: event.target.value })} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy || token === ""}>
          {busy ? "Creating…" : "Create admin and sign in"}
        </button>
      </form>
    </main>
  );
}
