import { useEffect, useRef, useState } from "react";

/** ▶ / ■ for one audio URL (the OGG/Opus rendition), through an `<audio>` element. */
export function PlayButton({ src, label }: { src: string; label: string }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    const element = audio.current;
    return () => element?.pause();
  }, []);
  const toggle = () => {
    const element = audio.current;
    if (element === null) return;
    if (playing) {
      element.pause();
      element.currentTime = 0;
      return;
    }
    void element.play().catch(() => setPlaying(false));
  };
  return (
    <>
      <button type="button" className="button button-small" aria-label={`${playing ? "Stop" : "Play"} ${label}`} onClick={toggle}>
        {playing ? "■ Stop" : "▶ Play"}
      </button>
      <audio ref={audio} src={src} preload="none" onPlay={() => setPlaying(true)} onPause={() => setPlaying(false)} onEnded={() => setPlaying(false)} />
    </>
  );
}
