import { z } from "zod";
import { toPointer } from "../json-pointer";
import { type Diagnostic, diagnostic } from "./diagnostic";

const ListeningNode = z.object({ id: z.string(), type: z.enum(["menu", "gather"]), data: z.object({ input: z.enum(["speech", "both"]) }) });

/**
 * Menus and gathers that listen for speech, on voice channels that cannot recognise it (named in
 * `speechlessChannels`: e.g. browser voice or SIP on a server without a speech engine, see
 * `MediaCalls.recognisesSpeech`): a warning, since those callers can only press keys — the node takes them.
 */
export function checkSpeechInput(nodes: readonly unknown[], speechlessChannels: readonly string[] | undefined, out: Diagnostic[]): void {
  if (speechlessChannels === undefined || speechlessChannels.length === 0) return;
  const names = speechlessChannels.map((name) => `"${name}"`).join(", ");
  nodes.forEach((node, index) => {
    const menu = ListeningNode.safeParse(node);
    if (!menu.success) return;
    out.push(
      diagnostic(
        "channel_unsupported",
        `${menu.data.type} "${menu.data.id}" listens for speech, which ${speechlessChannels.length === 1 ? "the channel" : "the channels"} ${names} cannot recognise yet: callers there answer with keys`,
        { nodeId: menu.data.id, path: toPointer(["nodes", index, "data", "input"]) },
      ),
    );
  });
}
