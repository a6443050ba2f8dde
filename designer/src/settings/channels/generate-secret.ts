/**
 * A random token of `A-Za-z0-9_-` (base64url of 24 random bytes: 32 characters), fit for a
 * Telegram secret token (`[A-Za-z0-9_-]{16,256}`) and a WhatsApp verify token.
 */
export function generateSecret(bytes = 24): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = "";
  for (const byte of random) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
