/** What routing knows about one agent of the team. */
export interface Candidate {
  userId: string;
  online: boolean;
  availability: "available" | "away";
  capacity: number;
  open: number;
  lastRoutedAt: number | null;
}

/** Filters: online, available, under capacity, and not excluded (declined this round, already offered). */
export function eligibleAgents(candidates: readonly Candidate[], exclude: ReadonlySet<string> = new Set()): Candidate[] {
  return candidates.filter((agent) => agent.online && agent.availability === "available" && agent.open < agent.capacity && !exclude.has(agent.userId));
}

/** Whether anyone of the team could take a conversation at all (online and available, busy or not). */
export function anyoneAvailable(candidates: readonly Candidate[]): boolean {
  return candidates.some((agent) => agent.online && agent.availability === "available");
}

/** Round robin's selector: whoever round robin picked longest ago (never first), then the least loaded, then by id. */
export function nextInTurn(eligible: readonly Candidate[]): Candidate | undefined {
  return [...eligible].sort(
    (a, b) => (a.lastRoutedAt ?? -1) - (b.lastRoutedAt ?? -1) || a.open - b.open || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  )[0];
}
