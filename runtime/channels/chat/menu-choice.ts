/**
 * The id a chat button carries back to us (WhatsApp reply id, Telegram callback_data, web chat
 * button): `m:<wait token>:<option index>`, at most 64 bytes. It names a position in the menu
 * the session waited on when the button was drawn, never an option key: the server maps it to
 * the key of the session's CURRENT menu (`resolveMenuChoice`), so a stale or forged id maps to
 * nothing and is ignored.
 */
export function menuChoiceId(token: string, index: number): string {
  return `m:${token}:${index}`;
}

const CHOICE = /^m:([A-Za-z0-9_-]{1,40}):([0-9]{1,2})$/;

/** Reads an id written by `menuChoiceId`; undefined for anything else (forged, truncated, foreign). */
export function readMenuChoiceId(id: string): { token: string; index: number } | undefined {
  const match = CHOICE.exec(id);
  if (match === null) return undefined;
  const [, token, index] = match;
  if (token === undefined || index === undefined) return undefined;
  return { token, index: Number(index) };
}
