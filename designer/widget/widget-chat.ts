import { WidgetConnection } from "./widget-connection";
import { randomId } from "./widget-random-id";
import { tokenStore } from "./widget-storage";
import type { ViewActions, WidgetView } from "./widget-view";

/**
 * The chat side of the widget (`data-channel`): the view's actions send the visitor's lines over
 * the web chat socket, and `attach` connects that socket to the drawn view (a returning visitor
 * at once, a new one when the chat opens).
 */
export function chatWiring(runtime: string, channelId: string): { actions: ViewActions; attach(view: WidgetView): void } {
  const socketUrl = `${runtime.replace(/^http/, "ws")}/ws/webchat/${encodeURIComponent(channelId)}`;
  const tokens = tokenStore(channelId);
  let connection: WidgetConnection | undefined;
  let drawn: WidgetView | undefined;
  const actions: ViewActions = {
    text(text) {
      const id = randomId();
      drawn?.showPending(id, text);
      connection?.send({ type: "text", id, text });
    },
    choice(choice, label) {
      const id = randomId();
      drawn?.showPending(id, label);
      connection?.send({ type: "button", id, choice });
    },
    opened() {
      connection?.connect();
    },
  };
  const attach = (view: WidgetView) => {
    drawn = view;
    connection = new WidgetConnection(socketUrl, tokens, {
      state: (state, detail) => view.setState(state, detail),
      frame(frame) {
        switch (frame.type) {
          case "welcome":
            view.showHistory(frame.history);
            return;
          case "message":
            view.showMessage(frame.message);
            return;
          case "typing":
            view.showTyping();
            return;
          case "error":
            // The limits' refusals are the visitor's to read (too_many_visitors arrives as the state `refused`).
            if (frame.code === "rate_limited") {
              const wait = frame.retryAfterSeconds ?? 1;
              view.showNotice(`You're sending messages too quickly. Your message will be sent again in ${wait} second${wait === 1 ? "" : "s"}.`, wait * 1000);
            } else if (frame.code !== "too_many_visitors") {
              console.warn(`switchboard widget: ${frame.code}: ${frame.message}`);
            }
            return;
          default:
            return;
        }
      },
    });
    const reconnect = connection;
    window.addEventListener("online", () => reconnect.retryNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") reconnect.retryNow();
    });
    // A returning visitor reconnects at once (what the bot or an agent said meanwhile shows as unread); a new one when they open the chat.
    if (tokens.get() !== undefined) connection.connect();
  };
  return { actions, attach };
}
