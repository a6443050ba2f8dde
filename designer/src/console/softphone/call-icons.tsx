import type { ReactNode } from "react";

/** A 16 px stroke icon (decorative: the button's text says what it does). */
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="call-icon" viewBox="0 0 24 24" width={16} height={16} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {children}
    </svg>
  );
}

/** A microphone; struck through when muted. */
export function MicIcon({ off }: { off: boolean }) {
  return (
    <Icon>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21M9 21h6" />
      {off && <path d="M4 4l16 16" />}
    </Icon>
  );
}

/** A phone keypad. */
export function KeypadIcon() {
  return (
    <Icon>
      {[5, 11, 17].flatMap((y) => [6, 12, 18].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.3" fill="currentColor" stroke="none" />))}
      <circle cx="12" cy="22" r="1.3" fill="currentColor" stroke="none" />
    </Icon>
  );
}

/** A person with a plus: add someone to the call. */
export function AddPersonIcon() {
  return (
    <Icon>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M2.5 20a6.5 6.5 0 0 1 13 0M19 8v6M16 11h6" />
    </Icon>
  );
}
