/** The "Add channel" steps, with where the admin is. */
export const WIZARD_STEPS = ["Provider", "Credentials", "Flow", "Connect"] as const;

export function WizardSteps({ current }: { current: number }) {
  return (
    <ol className="wizard-steps" aria-label="Steps">
      {WIZARD_STEPS.map((label, index) => (
        <li key={label} className={index === current ? "wizard-step current" : index < current ? "wizard-step done" : "wizard-step"} aria-current={index === current ? "step" : undefined}>
          <span className="wizard-step-number" aria-hidden="true">
            {index < current ? "✓" : index + 1}
          </span>
          {label}
        </li>
      ))}
    </ol>
  );
}
