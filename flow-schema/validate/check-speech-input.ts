import { z } from "zod";
import { toPointer } from "../json-pointer";
import { type Diagnostic, diagnostic } from "./diagnostic";

const ListeningMenu = z.object({ id: z.string(), type: z.literal("menu"), data: z.object({ input: z.enum(["speech", "both"]) }) });

/**
 * Menus that listen for speech, on voice channels that cannot recognise it (named in
 * `speechlessChannels`, e.g. a browser voice channel before speech recognition exists there):
 * a warning, since those callers can only press keys — the menu takes them.
 */
export function checkSpeechInput(nodes: readonly unknown[], speechlessChannels: readonly string[] | undefined, out: Diagnostic[]): void {
  if (speechlessChannels === undefined || speechlessChannels.length === 0) return;
  const names = speechlessChannels.map((name) => `"${name}"`).join(", ");
  nodes.forEach((node, index) => {
    const menu = ListeningMenu.safeParse(node);
    if (!menu.success) return;
    out.push(
      diagnostic(
        "channel_unsupported",
        `menu "${menu.data.id}" listens for speech, which ${speechlessChannels.length === 1 ? "the channel" : "the channels"} ${names} cannot recognise yet: callers there answer with keys`,
        { nodeId: menu.data.id, path: toPointer(["nodes", index, "data", "input"]) },
      ),
    );
  });
}
