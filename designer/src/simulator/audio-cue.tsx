import { useEffect, useState } from "react";

/** Where a prompt's audio asset is served for browsers: OGG/Opus (the .wav is 8 kHz μ-law, for phone lines). */
export const audioUrl = (id: string): string => `/audio/${encodeURIComponent(id)}.ogg`;

let playing: Promise<void> = Promise.resolve();

/** Plays one clip after the ones before it, so the prompts of a step do not talk over each other. */
function playAfterOthers(element: HTMLAudioElement): void {
  playing = playing.then(
    () =>
      new Promise<void>((resolve) => {
        element.addEventListener("ended", () => resolve(), { once: true });
        element.addEventListener("pause", () => resolve(), { once: true });
        element.play().catch(() => resolve());
      }),
  );
}

/** A prompt's audio: played when it loads, else named as "(audio: id)". */
export function AudioCue({ audio, autoPlay }: { audio: string; autoPlay: boolean }) {
  const [state, setState] = useState<"loading" | "ready" | "missing">("loading");
  const [element, setElement] = useState<HTMLAudioElement | null>(null);
  useEffect(() => {
    const clip = new Audio();
    let live = true;
    clip.preload = "auto";
    clip.addEventListener(
      "canplaythrough",
      () => {
        if (!live) return;
        setState("ready");
        setElement(clip);
        if (autoPlay) playAfterOthers(clip);
      },
      { once: true },
    );
    clip.addEventListener("error", () => live && setState("missing"), { once: true });
    clip.src = audioUrl(audio);
    return () => {
      live = false;
      clip.pause();
    };
  }, [audio, autoPlay]);

  if (state === "ready" && element) {
    return (
      <button
        type="button"
        className="sim-audio"
        title={`Play ${audio}`}
        onClick={() => {
          element.currentTime = 0;
          element.play().catch(() => undefined);
        }}
      >
        ▶ audio: {audio}
      </button>
    );
  }
  return <span className="sim-audio muted">{state === "loading" ? `(loading audio: ${audio})` : `(audio: ${audio})`}</span>;
}
