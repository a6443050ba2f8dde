import { useState } from "react";
import { ConfirmDialog } from "../../ui/confirm-dialog";
import { toast, toastError } from "../../ui/toasts";
import { CheckResult } from "../providers/check-result";
import type { AiProvider, ProviderCheck } from "../providers/provider-schemas";
import { providersApi } from "../providers/providers-api";
import { SettingsDate } from "../settings-date";
import { SettingsLayout } from "../settings-layout";
import { SettingsList } from "../settings-list";
import { useSettingsRows } from "../use-settings-rows";
import { AiProviderDialog } from "./ai-provider-dialog";

/** /settings/ai: the model providers `ai_agent` nodes and summaries use; add, edit, check, remove. */
export function AiSection({ path }: { path: string }) {
  const providers = useSettingsRows(providersApi.listAi);
  const [editing, setEditing] = useState<{ provider: AiProvider | undefined } | undefined>();
  const [removing, setRemoving] = useState<AiProvider | undefined>();
  const [checks, setChecks] = useState<Record<string, ProviderCheck | "checking">>({});

  const check = async (provider: AiProvider) => {
    setChecks((before) => ({ ...before, [provider.id]: "checking" }));
    try {
      const result = await providersApi.checkAi(provider.id);
      setChecks((before) => ({ ...before, [provider.id]: result }));
    } catch (error) {
      setChecks(({ [provider.id]: _, ...rest }) => rest);
      toastError(error);
    }
  };

  return (
    <SettingsLayout
      path={path}
      actions={
        <button type="button" className="button button-primary" onClick={() => setEditing({ provider: undefined })}>
          Add AI provider
        </button>
      }
    >
      <p className="muted">
        Any server that speaks OpenAI's chat completions (OpenAI, Ollama, vLLM, llama.cpp) or Azure OpenAI. Keys are stored sealed and never shown again.
      </p>
      <SettingsList
        label="AI providers"
        list={providers}
        loading="Loading AI providers…"
        empty={{ title: "No AI providers yet", text: "Add one to use AI agent nodes, and summaries by a model." }}
        columns={[
          { header: "Name", className: "strong", cell: (provider) => provider.name },
          { header: "Kind", cell: (provider) => (provider.kind === "azure" ? "Azure OpenAI" : "OpenAI-compatible") },
          { header: "Base URL", cell: (provider) => <code>{provider.baseUrl}</code> },
          { header: "Model", cell: (provider) => provider.defaultModel + (provider.fallbackModel === null ? "" : ` (fallback ${provider.fallbackModel})`) },
          { header: "Key", cell: (provider) => (provider.apiKeySet ? "Stored" : "None") },
          { header: "Assist", cell: (provider) => (provider.assist ? <span className="badge badge-published">Reply suggestions</span> : "—") },
          { header: "Updated", cell: (provider) => <SettingsDate iso={provider.updatedAt} /> },
          {
            header: "Check",
            cell: (provider) => {
              const result = checks[provider.id];
              if (result === undefined) return <span className="muted">Not checked</span>;
              return result === "checking" ? <span aria-busy="true">Checking…</span> : <CheckResult check={result} />;
            },
          },
        ]}
        actions={(provider) => (
          <>
            <button type="button" className="button" onClick={() => void check(provider)} disabled={checks[provider.id] === "checking"}>
              Check
            </button>
            <button type="button" className="button" onClick={() => setEditing({ provider })}>
              Edit
            </button>
            <button type="button" className="button button-quiet button-danger" onClick={() => setRemoving(provider)}>
              Remove
            </button>
          </>
        )}
      />

      <AiProviderDialog
        open={editing !== undefined}
        editing={editing?.provider}
        onClose={() => setEditing(undefined)}
        onSaved={(saved) => {
          toast.success(`Saved “${saved.name}”`);
          setChecks(({ [saved.id]: _, ...rest }) => rest);
          setEditing(undefined);
          providers.reload();
        }}
      />
      <ConfirmDialog
        title="Remove AI provider"
        action="Remove"
        open={removing !== undefined}
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          if (!removing) return;
          await providersApi.removeAi(removing.id);
          toast.success(`Removed “${removing.name}”`);
          providers.reload();
        }}
      >
        <p>
          Remove <strong>{removing?.name}</strong> and its key? AI agent nodes that name it take their <code>failed</code> path until another provider has its name.
        </p>
      </ConfirmDialog>
    </SettingsLayout>
  );
}
