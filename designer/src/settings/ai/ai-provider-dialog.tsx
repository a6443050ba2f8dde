import { useEffect, useState } from "react";
import { FormDialog } from "../form-dialog";
import { ApiKeyField, apiKeyToSend } from "../providers/api-key-field";
import { AI_PROVIDER_KINDS, type AiProvider, AiProviderKind, type AiProviderInput } from "../providers/provider-schemas";
import { providersApi } from "../providers/providers-api";

interface Draft {
  name: string;
  kind: AiProviderKind;
  baseUrl: string;
  apiKey: string | null | undefined;
  defaultModel: string;
  fallbackModel: string;
  apiVersion: string;
  timeoutSeconds: string;
  assist: boolean;
}

const EMPTY: Draft = { name: "", kind: "openai", baseUrl: "", apiKey: "", defaultModel: "", fallbackModel: "", apiVersion: "", timeoutSeconds: "30", assist: false };

const draftOf = (provider: AiProvider): Draft => ({
  name: provider.name,
  kind: provider.kind,
  baseUrl: provider.baseUrl,
  apiKey: undefined,
  defaultModel: provider.defaultModel,
  fallbackModel: provider.fallbackModel ?? "",
  apiVersion: provider.apiVersion ?? "",
  timeoutSeconds: String(provider.timeoutSeconds),
  assist: provider.assist,
});

const orNull = (text: string) => (text.trim() === "" ? null : text.trim());

function inputOf(draft: Draft): AiProviderInput {
  const apiKey = apiKeyToSend(draft.apiKey);
  return {
    name: draft.name.trim(),
    kind: draft.kind,
    baseUrl: draft.baseUrl.trim(),
    ...(apiKey === undefined ? {} : { apiKey }),
    defaultModel: draft.defaultModel.trim(),
    fallbackModel: orNull(draft.fallbackModel),
    apiVersion: draft.kind === "azure" ? orNull(draft.apiVersion) : null,
    timeoutSeconds: Number(draft.timeoutSeconds),
    assist: draft.assist,
  };
}

const BASE_URL_HINT: Record<AiProviderKind, string> = {
  openai: "e.g. https://api.openai.com/v1 or http://ollama.internal:11434/v1",
  azure: "e.g. https://my-resource.openai.azure.com",
};

/** Add an AI provider, or change one (`editing`); the server checks the fields and names the one at fault. */
export function AiProviderDialog({ open, editing, onClose, onSaved }: { open: boolean; editing: AiProvider | undefined; onClose: () => void; onSaved: (provider: AiProvider) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  useEffect(() => {
    if (open) setDraft(editing === undefined ? EMPTY : draftOf(editing));
  }, [open, editing]);
  const set = (change: Partial<Draft>) => setDraft((before) => ({ ...before, ...change }));

  return (
    <FormDialog
      title={editing === undefined ? "Add AI provider" : `Edit ${editing.name}`}
      open={open}
      action={editing === undefined ? "Add provider" : "Save"}
      canSubmit={draft.name.trim() !== "" && draft.baseUrl.trim() !== "" && draft.defaultModel.trim() !== ""}
      onClose={onClose}
      onSubmit={async () => {
        const input = inputOf(draft);
        const saved = editing === undefined ? await providersApi.createAi(input) : await providersApi.replaceAi(editing.id, input);
        onSaved(saved);
      }}
    >
      <label>
        Name
        <input required maxLength={100} value={draft.name} onChange={(event) => set({ name: event.target.value })} placeholder="e.g. ollama" data-autofocus />
      </label>
      <label>
        Kind
        <select
          value={draft.kind}
          onChange={(event) => {
            const kind = AiProviderKind.safeParse(event.target.value);
            if (kind.success) set({ kind: kind.data });
          }}
        >
          {AI_PROVIDER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind === "openai" ? "OpenAI-compatible (OpenAI, Ollama, vLLM, llama.cpp)" : "Azure OpenAI"}
            </option>
          ))}
        </select>
      </label>
      <label>
        Base URL
        <input required type="url" value={draft.baseUrl} onChange={(event) => set({ baseUrl: event.target.value })} placeholder={BASE_URL_HINT[draft.kind]} />
      </label>
      <ApiKeyField value={draft.apiKey} stored={editing?.apiKeySet === true} required={draft.kind === "azure"} onChange={(apiKey) => set({ apiKey })} />
      <label>
        {draft.kind === "azure" ? "Default deployment" : "Default model"}
        <input required maxLength={200} value={draft.defaultModel} onChange={(event) => set({ defaultModel: event.target.value })} placeholder={draft.kind === "azure" ? "the deployment name" : "e.g. gpt-4o-mini, llama3.1"} />
      </label>
      <label>
        Fallback model (optional)
        <input maxLength={200} value={draft.fallbackModel} onChange={(event) => set({ fallbackModel: event.target.value })} placeholder="asked once when the default fails or is rate limited" />
      </label>
      {draft.kind === "azure" && (
        <label>
          API version (optional)
          <input value={draft.apiVersion} onChange={(event) => set({ apiVersion: event.target.value })} placeholder="e.g. 2024-10-21" />
        </label>
      )}
      <label>
        Timeout per turn (seconds)
        <input type="number" min={1} max={300} required value={draft.timeoutSeconds} onChange={(event) => set({ timeoutSeconds: event.target.value })} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={draft.assist} onChange={(event) => set({ assist: event.target.checked })} />
        Use for the agents' reply suggestions (replaces the provider used so far)
      </label>
    </FormDialog>
  );
}
