import { useEffect, useState } from "react";
import { FormDialog } from "../form-dialog";
import { settingsApi } from "../settings-api";
import type { Team } from "../settings-schemas";

const ID_PATTERN = "[A-Za-z0-9_\\-]{1,64}";
const idFrom = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);

/** New team: a name, and the id transfer nodes use (suggested from the name). */
export function CreateTeamDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (team: Team) => void }) {
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [idEdited, setIdEdited] = useState(false);
  useEffect(() => {
    if (!open) return;
    setName("");
    setId("");
    setIdEdited(false);
  }, [open]);

  return (
    <FormDialog
      title="New team"
      open={open}
      action="Create team"
      canSubmit={name.trim() !== "" && new RegExp(`^${ID_PATTERN}$`).test(id)}
      onClose={onClose}
      onSubmit={async () => onCreated(await settingsApi.createTeam({ id, name: name.trim() }))}
    >
      <label>
        Name
        <input
          required
          maxLength={100}
          value={name}
          autoFocus
          onChange={(event) => {
            setName(event.target.value);
            if (!idEdited) setId(idFrom(event.target.value));
          }}
        />
      </label>
      <label>
        Id
        <input
          required
          pattern={ID_PATTERN}
          maxLength={64}
          value={id}
          onChange={(event) => {
            setId(event.target.value);
            setIdEdited(true);
          }}
        />
        <span className="muted small">Letters, digits, “_” or “-”; transfer nodes name the team by it.</span>
      </label>
    </FormDialog>
  );
}
