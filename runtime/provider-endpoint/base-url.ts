import { z } from "zod";
import { type AddressPolicy, refusedLiteralHost } from "../callbacks/address-policy";
import { fieldError } from "../http/api-error";

/**
 * A provider's base URL as admins type it: http or https, no query or fragment, trailing slashes
 * dropped. `description` says where requests go (each provider's own path).
 */
export function baseUrlSchema(description: string) {
  return z
    .string()
    .trim()
    .max(500)
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "must be an http or https URL")
    .refine((value) => !URL.canParse(value) || (new URL(value).search === "" && new URL(value).hash === ""), "must have no query or fragment")
    .transform((value) => value.replace(/\/+$/, ""))
    .describe(description);
}

/** A base URL whose address the SSRF guard refuses (an IP literal; names are checked when connecting). */
export function refusedAddress(baseUrl: string, policy: AddressPolicy): string | undefined {
  const refused = refusedLiteralHost(new URL(baseUrl).hostname, policy);
  return refused === undefined ? undefined : `${refused} (loopback, private and link-local addresses need HTTP_CALLBACK_ALLOWLIST)`;
}

/** Throws 400 address_not_allowed naming `field` when the SSRF guard refuses the base URL. */
export function assertAllowedBaseUrl(baseUrl: string, policy: AddressPolicy, field = "body.baseUrl"): void {
  const refused = refusedAddress(baseUrl, policy);
  if (refused !== undefined) throw fieldError(400, "address_not_allowed", field, refused);
}
