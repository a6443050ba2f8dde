import type { DataOf } from "../store/flow-types";

/** A send_message card: the message, where it goes and through which channel. */
export function SendMessageDetails({ data }: { data: DataOf<"send_message"> }) {
  return (
    <>
      <p className="flow-node-prompt">“{data.text}”</p>
      <p className="flow-node-meta">
        To {data.to === undefined ? "the caller" : <code>{data.to}</code>} via {data.channelId === undefined ? "this chat's channel" : <strong>{data.channelId}</strong>}
      </p>
    </>
  );
}
