import { describe, expect, it } from "vitest";
import { readTwiml } from "../test-support/twiml-reader";
import { LISTEN_SECONDS, renderRoomTwiml } from "./room-twiml";
import { VoiceUrls } from "./voice-urls";

const urls = new VoiceUrls("https://sb.example.test", "ch-1");
const leg = { conversationId: "conv-1", participantId: "part-1" };
const room = "https://sb.example.test/webhooks/twilio/voice/ch-1/room?conversation=conv-1&participant=part-1&token=t1";

describe("room documents → TwiML", () => {
  it("the speech loop: the words, then a speech <Gather> whose answer comes back to the room route, then the no-speech <Redirect>", () => {
    expect(readTwiml(renderRoomTwiml(["Fish & chips <today>?"], { mode: "loop", token: "t1" }, leg, urls))).toEqual([
      { name: "Say", attributes: {}, text: "Fish & chips <today>?", inside: [] },
      { name: "Gather", attributes: { input: "speech", speechTimeout: "auto", timeout: String(LISTEN_SECONDS), action: room, method: "POST" }, text: "", inside: [] },
      { name: "Redirect", attributes: { method: "POST" }, text: `${room}&timeout=1`, inside: [] },
    ]);
  });

  it("hold: the conversation's hold audio (or hold.wav) looped; hangup; pause", () => {
    expect(readTwiml(renderRoomTwiml([], { mode: "hold", audio: "jazz" }, leg, urls))).toEqual([
      { name: "Play", attributes: { loop: "0" }, text: "https://sb.example.test/audio/jazz.wav", inside: [] },
    ]);
    expect(readTwiml(renderRoomTwiml(["On hold."], { mode: "hold", audio: null }, leg, urls)).map((verb) => verb.text)).toEqual(["On hold.", "https://sb.example.test/audio/hold.wav"]);
    expect(readTwiml(renderRoomTwiml(["Goodbye."], { mode: "hangup" }, leg, urls)).map((verb) => verb.name)).toEqual(["Say", "Hangup"]);
    expect(readTwiml(renderRoomTwiml([], { mode: "pause" }, leg, urls))).toEqual([{ name: "Pause", attributes: { length: "10" }, text: "", inside: [] }]);
  });

  it("stream: <Connect action> (the room's next turn when the socket closes) around a <Stream> to the wss socket with the call's <Parameter>s", () => {
    const parameters = { callSid: "CA1", conversationId: "conv-1", token: "one-time-token-0123456789" };
    expect(readTwiml(renderRoomTwiml(["You are now connected with Alice."], { mode: "stream", token: "t1", parameters }, leg, urls))).toEqual([
      { name: "Say", attributes: {}, text: "You are now connected with Alice.", inside: [] },
      {
        name: "Connect",
        attributes: { action: `${room}&timeout=1`, method: "POST" },
        text: "",
        inside: [
          {
            name: "Stream",
            attributes: { url: "wss://sb.example.test/media/twilio/ch-1" },
            text: "",
            inside: [
              { name: "Parameter", attributes: { name: "callSid", value: "CA1" }, text: "", inside: [] },
              { name: "Parameter", attributes: { name: "conversationId", value: "conv-1" }, text: "", inside: [] },
              { name: "Parameter", attributes: { name: "token", value: "one-time-token-0123456789" }, text: "", inside: [] },
            ],
          },
        ],
      },
    ]);
  });
});
