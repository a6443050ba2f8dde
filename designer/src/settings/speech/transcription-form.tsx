import { useEffect, useState } from "react";
import { toast, toastError } from "../../ui/toasts";
import { fieldErrorsOf } from "../field-errors";
import { ApiKeyField, apiKeyToSend } from "../providers/api-key-field";
import { CheckResult } from "../providers/check-result";
import type { ProviderCheck, TranscriptionInput, TranscriptionSettings } from "../providers/provider-schemas";
import { providersApi } from "../providers/providers-api";

interface Draft {
  baseUrl: string;
  apiKey: string | null | undefined;
  model: string;
  language: string;
  timeoutSeconds: string;
}

const draftOf = (settings: TranscriptionSettings | undefined): Draft =>
  settings === undefined
    ? { baseUrl: "", apiKey: "", model: "whisper-1", language: "", timeoutSeconds: "15" }
    : { baseUrl: settings.baseUrl, apiKey: undefined, model: settings.model, language: settings.language ?? "", timeoutSeconds: String(settings.timeoutSeconds) };

function inputOf(draft: Draft): TranscriptionInput {
  const apiKey = apiKeyToSend(draft.apiKey);
  return {
    baseUrl: draft.baseUrl.trim(),
    ...(apiKey === undefined ? {} : { apiKey }),
    model: draft.model.trim(),
    language: draft.language.trim() === "" ? null : draft.language.trim(),
    timeoutSeconds: Number(draft.timeoutSeconds),
  };
}

/** The OpenAI-compatible transcription provider: set, check (a real request with a spoken sample), remove. */
export function TranscriptionForm({ settings, onChanged }: { settings: TranscriptionSettings | undefined; onChanged: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [check, setCheck] = useState<ProviderCheck | undefined>();
  useEffect(() => setDraft(draftOf(settings)), [settings]);
  const set = (change: Partial<Draft>) => setDraft((before) => ({ ...before, ...change }));

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
    } catch (error) {
      const { fields, message } = fieldErrorsOf(error);
      setProblem(message ?? Object.entries(fields).map(([field, text]) => `${field}: ${text}`).join("; "));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label="Transcription provider"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          await providersApi.setTranscription(inputOf(draft));
          setCheck(undefined);
          toast.success("Transcription provider saved");
          onChanged();
        });
      }}
    >
      <label>
        Base URL
        <input required type="url" value={draft.baseUrl} onChange={(event) => set({ baseUrl: event.target.value })} placeholder="e.g. https://api.openai.com/v1 or http://whisper.internal:8080/v1" />
      </label>
      <ApiKeyField value={draft.apiKey} stored={settings?.apiKeySet === true} onChange={(apiKey) => set({ apiKey })} />
      <label>
        Model
        <input required maxLength={200} value={draft.model} onChange={(event) => set({ model: event.target.value })} placeholder="e.g. whisper-1" />
      </label>
      <label>
        Language (optional)
        <input value={draft.language} maxLength={3} onChange={(event) => set({ language: event.target.value })} placeholder="ISO-639-1, e.g. en; empty: detected" />
      </label>
      <label>
        Timeout per utterance (seconds)
        <input type="number" min={1} max={120} required value={draft.timeoutSeconds} onChange={(event) => set({ timeoutSeconds: event.target.value })} />
      </label>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="toolbar">
        <button type="submit" className="button button-primary" disabled={busy}>
          Save
        </button>
        {settings !== undefined && (
          <>
            <button type="button" className="button" disabled={busy} onClick={() => void run(async () => setCheck(await providersApi.checkTranscription()))}>
              Check
            </button>
            <button
              type="button"
              className="button button-quiet button-danger"
              disabled={busy}
              onClick={() =>
                void providersApi.removeTranscription().then(() => {
                  setCheck(undefined);
                  toast.success("Transcription provider removed");
                  onChanged();
                }, toastError)
              }
            >
              Remove provider
            </button>
          </>
        )}
      </div>
      {check && <CheckResult check={check} />}
    </form>
  );
}
