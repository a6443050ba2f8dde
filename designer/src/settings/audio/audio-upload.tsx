import { type DragEvent, useRef, useState } from "react";
import { type AudioAsset, audioApi, MAX_UPLOAD_BYTES } from "../../audio/audio-api";
import { toast } from "../../ui/toasts";

const ACCEPT = "audio/wav,audio/x-wav,audio/mpeg,audio/ogg,audio/mp4,audio/x-m4a,.wav,.mp3,.ogg,.m4a";

/** Drop files here or pick them: each is uploaded; refusals are listed under the zone. */
export function AudioUpload({ onUploaded }: { onUploaded: (asset: AudioAsset) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const send = async (files: readonly File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    const problems: string[] = [];
    for (const file of files) {
      if (file.size > MAX_UPLOAD_BYTES) {
        problems.push(`${file.name}: larger than 20 MB`);
        continue;
      }
      try {
        const { asset, created } = await audioApi.upload(file);
        if (created) toast.success(`Uploaded “${asset.name}”`);
        else toast.info(`“${file.name}” is already in the library as “${asset.name}”`);
        onUploaded(asset);
      } catch (error) {
        problems.push(`${file.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    setErrors(problems);
    setBusy(false);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void send([...event.dataTransfer.files]);
  };

  return (
    <div className="audio-upload">
      <div
        className={`drop-zone${over ? " drop-zone-over" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        aria-busy={busy || undefined}
      >
        <p>{busy ? "Uploading and converting…" : "Drop WAV, MP3, OGG or M4A files here (20 MB and, unless the server says otherwise, 10 minutes at most), or"}</p>
        <button type="button" className="button" disabled={busy} onClick={() => input.current?.click()}>
          Choose files…
        </button>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          aria-label="Audio files to upload"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = "";
            void send(files);
          }}
        />
      </div>
      {errors.length > 0 && (
        <div className="form-error" role="alert">
          <strong>Not uploaded:</strong>
          <ul>
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
