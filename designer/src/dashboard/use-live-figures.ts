import { useEffect, useState } from "react";
import type { LiveFigures } from "../../../runtime/rooms/live-figures";
import { LiveFrame } from "../../../runtime/http/ws/live-hub";

/** The live socket's figures (`/ws/live`), pushed as they change; reconnects after a drop (every 2 s). Undefined until the first frame. */
export function useLiveFigures(): { figures: LiveFigures | undefined; connected: boolean } {
  const [figures, setFigures] = useState<LiveFigures | undefined>();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      socket = new WebSocket(`${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/ws/live`);
      socket.onopen = () => setConnected(true);
      socket.onmessage = (event) => {
        try {
          const frame = LiveFrame.safeParse(JSON.parse(String(event.data)));
          if (frame.success) setFigures(frame.data.figures);
        } catch {
          // Not JSON: not ours to read.
        }
      };
      socket.onclose = () => {
        setConnected(false);
        if (!stopped) retry = setTimeout(open, 2_000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, []);
  return { figures, connected };
}

