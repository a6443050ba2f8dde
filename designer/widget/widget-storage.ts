/** Where the widget keeps a channel's visitor token: localStorage, one key per channel (nothing when storage is blocked). */
export function tokenStore(channelId: string): { get(): string | undefined; set(token: string): void } {
  const key = `switchboard.webchat.${channelId}.token`;
  return {
    get() {
      try {
        return window.localStorage.getItem(key) ?? undefined;
      } catch {
        return undefined;
      }
    },
    set(token) {
      try {
        window.localStorage.setItem(key, token);
      } catch {
        // Storage blocked (private mode, sandboxed frame): the conversation lasts as long as the page.
      }
    },
  };
}
