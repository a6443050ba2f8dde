/**
 * A provider (transcription, AI model) failed on a request: `kind` says why in a word the caller
 * can branch on, `status` is the provider's HTTP status when it answered.
 */
export class ProviderError<Kind extends string = string> extends Error {
  override name = "ProviderError";
  constructor(
    message: string,
    readonly kind: Kind,
    readonly status?: number,
  ) {
    super(message);
  }
}
