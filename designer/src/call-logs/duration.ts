/** A duration in words: `0.4 s`, `12 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 1000) {
    const tenths = Math.round(safe / 100) / 10;
    return tenths === 0 ? "0 s" : tenths >= 1 ? "1 s" : `${tenths} s`;
  }
  const seconds = Math.floor(safe / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** How long a session lasted: until it ended, or until `now` while it still runs. */
export function sessionDuration(session: { startedAt: string; endedAt: string | null }, now: number): { ms: number; ongoing: boolean } {
  const start = Date.parse(session.startedAt);
  const end = session.endedAt === null ? now : Date.parse(session.endedAt);
  return { ms: Math.max(0, end - start), ongoing: session.endedAt === null };
}

/** The duration column: `3 min 5 s`, or `3 min 5 s so far` for a session still running. */
export function sessionDurationText(session: { startedAt: string; endedAt: string | null }, now: number): string {
  const { ms, ongoing } = sessionDuration(session, now);
  return ongoing ? `${formatDuration(ms)} so far` : formatDuration(ms);
}
