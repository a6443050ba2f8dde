import { toVariableName } from "../../whatomate/variable-name";
import { eventTable, type WidgetMapper } from "../widget-mapper";

/**
 * record-voicemail → record. `timeout` (silence, 5) → silenceTimeoutSeconds (at most 60),
 * `max_length` (3600) → maxLengthSeconds, `finish_on_key` → finishOnKey (its first key: a record
 * node ends on one), `play_beep` → playBeep, `transcribe` → transcribe (by Switchboard's speech
 * engine); the recording is kept in `vars.<widget name>`. `trim`, `transcription_callback_url`
 * and `recording_status_callback_url` are reported as not carried over. `recordingComplete` →
 * recorded, `noAudio` → no_audio, `hangup` → hangup.
 */
export const recordVoicemailMapper: WidgetMapper = {
  map: ({ state, properties }) => {
    const silence = properties.integer("timeout", { min: 0, max: 100_000 });
    if (silence !== undefined && (silence < 1 || silence > 60)) properties.warn(`timeout ${silence} s: a record node ends after 1 to 60 s of silence; ${silence < 1 ? 1 : 60} s it is`, "timeout");
    const maxLength = properties.integer("max_length", { min: 0, max: 100_000 });
    if (maxLength !== undefined && (maxLength < 1 || maxLength > 3600)) properties.warn(`max_length ${maxLength} s: a recording is 1 to 3600 s long; 3600 s it is`, "max_length");
    const keys = properties.string("finish_on_key")?.trim() ?? "#";
    const finishOnKey = /^[0-9*#]/.test(keys) ? keys.charAt(0) : "";
    if (keys.length > 1) properties.warn(`finish_on_key "${keys}": a record node ends on one key, "${finishOnKey}"`, "finish_on_key");
    const playBeep = properties.boolean("play_beep");
    const transcribe = properties.boolean("transcribe");
    return {
      type: "record",
      data: {
        silenceTimeoutSeconds: silence === undefined ? 5 : Math.min(60, Math.max(1, silence)),
        maxLengthSeconds: maxLength === undefined || maxLength < 1 ? 3600 : Math.min(3600, maxLength),
        finishOnKey,
        playBeep: playBeep ?? true,
        transcribe: transcribe ?? false,
        storeAs: toVariableName(state.name),
      },
      handles: eventTable("record-voicemail", { recordingComplete: "recorded", noAudio: "no_audio", hangup: "hangup" }),
    };
  },
};
