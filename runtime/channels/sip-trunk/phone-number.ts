/**
 * The number a SIP request is for, in E.164 form when it is one: the user part of a `sip:`/`sips:`
 * URI or a `tel:` URI, without visual separators; a leading `+` is kept, and a bare run of 8–15
 * digits is read as international (`15550100123` → `+15550100123`). Undefined when the user part is
 * not a number (a name such as `service`).
 */
export function numberOfUri(uri: string): string | undefined {
  const match = /^(?:sips?:([^@;?]+)@|tel:([^;?]+))/i.exec(uri.trim());
  const user = decodeURIComponent(match?.[1] ?? match?.[2] ?? "").replace(/[\s().-]/g, "");
  if (/^\+[1-9][0-9]{6,14}$/.test(user)) return user;
  if (/^[1-9][0-9]{7,14}$/.test(user)) return `+${user}`;
  return undefined;
}

/** The user part of a SIP URI as it is (for a trunk without numbers: whatever the carrier puts there). */
export function userOfUri(uri: string): string | undefined {
  const match = /^(?:sips?:([^@;?]+)@|tel:([^;?]+))/i.exec(uri.trim());
  const user = match?.[1] ?? match?.[2];
  return user === undefined ? undefined : decodeURIComponent(user);
}
