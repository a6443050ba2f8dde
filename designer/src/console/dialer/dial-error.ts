import { ApiRequestError } from "../../api/api-client";
import { fieldErrorsOf } from "../../settings/field-errors";
import type { DialError } from "./dialer-state";

/** The API's messages start in lower case (`body.to: a phone number…`); in the dialer they read as a sentence. */
const sentence = (message: string): string => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * Why POST /api/calls failed, in words, and the field it concerns: a refused number under the
 * number, a refused trunk under the trunk, a softphone that is not connected (409) or a trunk
 * that is down (503) above the buttons.
 */
export function dialErrorOf(error: unknown, trunkName: string | undefined): DialError {
  const trunk = trunkName === undefined ? "The trunk" : `The trunk “${trunkName}”`;
  if (error instanceof ApiRequestError) {
    if (error.status === 409 && error.code === "softphone_not_connected")
      return { field: null, message: "Your softphone is not connected, so you would not hear the call: wait for “Voice: connected”, then call again." };
    if (error.status === 503) return { field: null, message: `${trunk} cannot place calls right now: ${error.message}` };
    if (error.status === 0) return { field: null, message: "The server cannot be reached: check the network, then call again." };
    if (error.status === 400) {
      const { fields, message } = fieldErrorsOf(error);
      if (fields.to !== undefined) return { field: "to", message: sentence(fields.to) };
      if (fields.channelId !== undefined) return { field: "channelId", message: sentence(fields.channelId) };
      return { field: null, message: sentence(message ?? Object.entries(fields).map(([field, problem]) => `${field}: ${problem ?? ""}`).join("; ")) };
    }
    return { field: null, message: `The call was not placed: ${error.message}` };
  }
  return { field: null, message: `The call was not placed: ${error instanceof Error ? error.message : String(error)}` };
}
