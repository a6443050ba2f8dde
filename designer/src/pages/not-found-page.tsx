import { Link } from "../router/link";

export function NotFoundPage() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <p>
        <Link href="/designer">Back to the flows</Link>
      </p>
    </main>
  );
}
