import { describe, expect, it } from "vitest";
import { importWidget, messages, targetOf } from "../testing";

describe("Studio record-voicemail", () => {
  it("becomes a record node with Studio's documented properties; its three events are its three handles", () => {
    const { node, handles, issues } = importWidget(
      "record-voicemail",
      { timeout: "4", max_length: 90, finish_on_key: "*", play_beep: "false", transcribe: "true", trim: "do-not-trim", recording_status_callback_url: "https://acme.example/rec" },
      ["recordingComplete", "noAudio", "hangup"],
    );
    expect(node).toMatchObject({ type: "record", data: { silenceTimeoutSeconds: 4, maxLengthSeconds: 90, finishOnKey: "*", playBeep: false, transcribe: true, storeAs: "subject" } });
    expect(handles).toEqual({ recorded: targetOf("recordingComplete"), no_audio: targetOf("noAudio"), hangup: targetOf("hangup") });
    expect(issues.map((issue) => issue.path).sort()).toEqual(["/states/1/properties/recording_status_callback_url", "/states/1/properties/trim"]);
  });

  it("takes Studio's defaults (5 s of silence, an hour, #, a beep) and keeps a value out of range within the node's", () => {
    expect(importWidget("record-voicemail", {}, ["recordingComplete"]).node).toMatchObject({ data: { silenceTimeoutSeconds: 5, maxLengthSeconds: 3600, finishOnKey: "#", playBeep: true, transcribe: false } });
    const { node, issues } = importWidget("record-voicemail", { timeout: 0, finish_on_key: "#*" }, ["recordingComplete"]);
    expect(node).toMatchObject({ data: { silenceTimeoutSeconds: 1, finishOnKey: "#" } });
    expect(messages(issues)).toEqual([expect.stringContaining("timeout 0 s"), expect.stringContaining('finish_on_key "#*"')]);
  });
});
