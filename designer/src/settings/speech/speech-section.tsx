import { useCallback, useEffect, useState } from "react";
import type { SpeechEngines, TranscriptionSettings } from "../providers/provider-schemas";
import { providersApi } from "../providers/providers-api";
import { SettingsLayout } from "../settings-layout";
import { TranscriptionForm } from "./transcription-form";

const ENGINES: Array<{ key: keyof SpeechEngines; name: string; use: string }> = [
  { key: "pocketsphinx", name: "pocketsphinx (offline)", use: "spoken menu choices, yes/no and digits, from a grammar" },
  { key: "vad", name: "Silero VAD", use: "when a caller starts and stops speaking" },
  { key: "openaiCompatible", name: "Transcription provider", use: "free-form transcripts" },
];

/** /settings/speech: which recognition engines run on this server, and the transcription provider. */
export function SpeechSection({ path }: { path: string }) {
  const [engines, setEngines] = useState<SpeechEngines | undefined>();
  const [settings, setSettings] = useState<{ value: TranscriptionSettings | undefined } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(() => {
    Promise.all([providersApi.speechEngines(), providersApi.transcription()]).then(
      ([engines, value]) => {
        setEngines(engines);
        setSettings({ value });
        setError(undefined);
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <SettingsLayout path={path}>
      {error && (
        <p className="form-error" role="alert">
          Speech settings could not be loaded: {error}
        </p>
      )}
      <div className="settings-cards">
        <section className="settings-card" aria-labelledby="speech-engines">
          <h2 id="speech-engines">Engines on this server</h2>
          {engines === undefined ? (
            <p className="muted" aria-busy="true">
              Loading…
            </p>
          ) : (
            <ul className="engine-list" aria-label="Speech engines">
              {ENGINES.map(({ key, name, use }) => {
                const engine = engines[key];
                return (
                  <li key={key}>
                    <strong>{name}</strong>: {engine.available ? <span className="badge badge-published">Runs here</span> : <span className="badge badge-error">Not available</span>}{" "}
                    <span className="muted">
                      {use}
                      {engine.reason ? ` — ${engine.reason}` : ""}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <section className="settings-card" aria-labelledby="speech-transcription">
          <h2 id="speech-transcription">Transcription provider</h2>
          <p className="muted">Any server that speaks OpenAI's audio transcriptions (OpenAI, whisper.cpp's server, vLLM). The key is stored sealed and never shown again.</p>
          {settings === undefined ? null : <TranscriptionForm settings={settings.value} onChanged={load} />}
        </section>
      </div>
    </SettingsLayout>
  );
}
