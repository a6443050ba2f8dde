import { useEffect, useMemo, useState } from "react";
import { FlowDocument } from "../../../../flow-schema/document";
import type { SubflowResolver } from "../../../../flow-schema/validate/check-subflows";
import { flowsApi } from "../../flows/flows-api";
import { versionsApi } from "../../versions/versions-api";

/** The live version of a flow, or null when it has none (or cannot be read). */
async function liveDocument(flowId: string): Promise<FlowDocument | null> {
  const flow = await flowsApi.get(flowId);
  if (flow.publishedVersion === null) return null;
  const parsed = FlowDocument.safeParse((await versionsApi.get(flowId, flow.publishedVersion)).document);
  return parsed.success ? parsed.data : null;
}

/**
 * The validator's `subflows` resolver for the flows `document`'s subflow nodes call (their live
 * versions, loaded once each); undefined until every one is loaded, so nothing reads as unpublished
 * meanwhile. Calls further down are followed by the server's validation.
 */
export function useCalledFlows(document: FlowDocument): SubflowResolver | undefined {
  const targets = useMemo(() => [...new Set(document.nodes.flatMap((node) => (node.type === "subflow" ? [node.data.flowId] : [])))].sort().join("\n"), [document]);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, FlowDocument | null>>(new Map());
  useEffect(() => {
    const missing = targets === "" ? [] : targets.split("\n").filter((flowId) => !loaded.has(flowId));
    if (missing.length === 0) return;
    let live = true;
    Promise.all(missing.map(async (flowId) => [flowId, await liveDocument(flowId).catch(() => null)] as const)).then((found) => {
      if (live) setLoaded((current) => new Map([...current, ...found]));
    });
    return () => {
      live = false;
    };
  }, [targets, loaded]);
  return useMemo(() => {
    const ids = targets === "" ? [] : targets.split("\n");
    if (ids.length === 0 || !ids.every((flowId) => loaded.has(flowId))) return undefined;
    return (flowId: string) => loaded.get(flowId) ?? undefined;
  }, [targets, loaded]);
}
