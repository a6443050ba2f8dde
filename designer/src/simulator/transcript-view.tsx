import { useEffect, useRef } from "react";
import { AudioCue } from "./audio-cue";
import type { NumberedLine } from "./simulation-store";

interface Props {
  lines: readonly NumberedLine[];
  /** Buttons of this line are live (its menu still waits); older ones are shown disabled. */
  liveOptionsLineId: number | null;
  onOption: (key: string) => void;
  disabled: boolean;
}

const ICON: Record<NumberedLine["kind"], string> = {
  bot: "",
  caller: "",
  wait: "…",
  http: "⇄",
  transfer: "☎",
  step: "◷",
  end: "■",
};

/** The conversation so far: the flow's prompts or messages, the caller's input, and what happened. */
export function TranscriptView({ lines, liveOptionsLineId, onOption, disabled }: Props) {
  const bottom = useRef<HTMLLIElement>(null);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "nearest" });
  }, [lines.length]);

  return (
    <ol className="sim-transcript" role="log" aria-label="Transcript">
      {lines.map((line) => (
        <li key={line.id} className={`sim-line sim-line-${line.kind}${line.kind === "step" && line.timedOut ? " sim-line-timed-out" : ""}`}>
          {line.kind === "bot" ? (
            <div className="sim-bubble">
              {line.text !== "" && <span>{line.text}</span>}
              {line.audio !== undefined && <AudioCue audio={line.audio} autoPlay />}
              {line.options && (
                <div className="sim-options" role="group" aria-label="Options">
                  {line.options.map((option) => (
                    <button
                      key={option.key}
                      type="button"
                      className="button sim-option"
                      disabled={disabled || line.id !== liveOptionsLineId}
                      onClick={() => onOption(option.key)}
                    >
                      {option.label}
                    </button>
                  ))}
                </div>
              )}
              <span className="sim-node muted">{line.nodeId}</span>
            </div>
          ) : line.kind === "caller" ? (
            <div className="sim-bubble">{line.text}</div>
          ) : (
            <div className="sim-event">
              <span aria-hidden="true" className="sim-icon">
                {ICON[line.kind]}
              </span>{" "}
              <span>{line.text}</span>
              {"detail" in line && line.detail !== undefined && <div className="sim-detail">{line.detail}</div>}
            </div>
          )}
        </li>
      ))}
      <li ref={bottom} className="sim-bottom" aria-hidden="true" />
    </ol>
  );
}
