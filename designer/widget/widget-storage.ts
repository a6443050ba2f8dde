/** One localStorage value (nothing when storage is blocked: private mode, a sandboxed frame). */
function storedValue(key: string): { get(): string | undefined; set(value: string): void } {
  return {
    get() {
      try {
        return window.localStorage.getItem(key) ?? undefined;
      } catch {
        return undefined;
      }
    },
    set(value) {
      try {
        window.localStorage.setItem(key, value);
      } catch {
        // Storage blocked: the value lasts as long as the page.
      }
    },
  };
}

/** Where the widget keeps a channel's visitor token: localStorage, one key per channel. */
export function tokenStore(channelId: string): { get(): string | undefined; set(token: string): void } {
  return storedValue(`switchboard.webchat.${channelId}.token`);
}

/**
 * The voice visitor id a channel's calls carry (the caller's address in sessions and call logs,
 * so a visitor's calls are recognised as one caller): made once, kept per channel.
 */
export function voiceVisitorId(channelId: string, make: () => string): string {
  const stored = storedValue(`switchboard.webvoice.${channelId}.visitor`);
  const known = stored.get();
  if (known !== undefined && /^[A-Za-z0-9_-]{8,64}$/.test(known)) return known;
  const made = make();
  stored.set(made);
  return made;
}
