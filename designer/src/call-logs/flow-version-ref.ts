/** One flow version a session ran on: a published version, or the draft (version null). */
export interface FlowVersionRef {
  /** `flowId@version`, or `flowId@draft`. */
  key: string;
  flowId: string;
  version: number | null;
}

export const versionKey = (flowId: string, version: number | null): string => `${flowId}@${version ?? "draft"}`;

export const versionText = (version: number | null): string => (version === null ? "draft" : `v${version}`);

/**
 * The flow versions a session ran on, in the order it reached them: the one it started on first,
 * then each one a goto_flow led to (a version reached twice is listed once).
 */
export function flowVersionsOf(session: { flowId: string; version: number | null }, steps: readonly { flowId: string; version: number | null }[]): FlowVersionRef[] {
  const seen = new Map<string, FlowVersionRef>();
  for (const ref of [session, ...steps]) {
    const key = versionKey(ref.flowId, ref.version);
    if (!seen.has(key)) seen.set(key, { key, flowId: ref.flowId, version: ref.version });
  }
  return [...seen.values()];
}
