import type { DataOf } from "../store/flow-types";

/** A record card: what is said before the beep, and when the recording stops. */
export function RecordDetails({ data }: { data: DataOf<"record"> }) {
  return (
    <>
      {data.prompt?.text !== undefined && <p className="flow-node-prompt">“{data.prompt.text}”</p>}
      <p className="flow-node-meta">
        Up to {data.maxLengthSeconds}s · stops after {data.silenceTimeoutSeconds}s of silence{data.finishOnKey === "" ? "" : ` or on ${data.finishOnKey}`}
        {data.transcribe ? " · transcribed" : ""}
      </p>
    </>
  );
}
