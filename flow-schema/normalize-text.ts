/**
 * Text as menus compare it, in the validator and the engine alike: accents and case folded,
 * punctuation and symbols dropped, spaces collapsed. "Sales." → "sales", "Facturación" → "facturacion".
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
