/**
 * The system clipboard, with a copy kept in memory for when the browser refuses access (no
 * permission, not a secure context): copy and paste then still work inside this tab.
 */
let remembered: string | undefined;

export function rememberClipboard(text: string): void {
  remembered = text;
}

export async function writeClipboard(text: string): Promise<void> {
  remembered = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // The in-memory copy is enough for this tab.
  }
}

export async function readClipboard(): Promise<string | undefined> {
  try {
    return await navigator.clipboard.readText();
  } catch {
    return remembered;
  }
}
