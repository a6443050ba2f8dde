/** The widget's CSS, scoped by its shadow root: the page's styles do not reach in, and these do not leak out. */
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.bubble {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  width: 56px; height: 56px; border-radius: 50%; border: none; cursor: pointer;
  background: var(--sb-accent, #2563eb); color: #fff; box-shadow: 0 6px 20px rgba(0,0,0,.25);
  display: flex; align-items: center; justify-content: center;
}
.bubble:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
.bubble svg { width: 28px; height: 28px; }
.badge {
  position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: #dc2626; color: #fff; font-size: 12px; line-height: 20px; text-align: center;
}
.badge[hidden] { display: none; }
.panel {
  position: fixed; right: 20px; bottom: 88px; z-index: 2147483000;
  width: min(370px, calc(100vw - 40px)); height: min(560px, calc(100vh - 120px));
  display: flex; flex-direction: column; background: #fff; color: #111827;
  border-radius: 14px; box-shadow: 0 12px 40px rgba(0,0,0,.28); overflow: hidden; font-size: 14px;
}
.panel[hidden] { display: none; }
header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--sb-accent, #2563eb); color: #fff; }
header .title { font-weight: 600; flex: 1; }
header .status { font-size: 12px; opacity: .85; }
header button { background: transparent; border: none; color: #fff; font-size: 20px; cursor: pointer; line-height: 1; padding: 2px 6px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f9fafb; }
.msg { max-width: 82%; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; line-height: 1.4; }
.msg.bot, .msg.agent { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; }
.msg.visitor { align-self: flex-end; background: var(--sb-accent, #2563eb); color: #fff; }
.msg.visitor.pending { opacity: .6; }
.msg.system { align-self: center; background: transparent; color: #6b7280; font-size: 12px; text-align: center; }
.author { display: block; font-size: 11px; font-weight: 600; color: #6b7280; margin-bottom: 2px; }
.options { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.options button {
  border: 1px solid var(--sb-accent, #2563eb); color: var(--sb-accent, #2563eb); background: #fff;
  border-radius: 16px; padding: 5px 12px; font-size: 13px; cursor: pointer;
}
.options button:disabled { opacity: .45; cursor: default; }
.typing { align-self: flex-start; color: #6b7280; font-size: 12px; padding: 0 4px; }
.typing[hidden] { display: none; }
.notice { padding: 8px 12px; background: #fef3c7; color: #92400e; font-size: 12px; line-height: 1.4; border-top: 1px solid #fde68a; }
.notice[hidden] { display: none; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }
textarea {
  flex: 1; resize: none; height: 38px; max-height: 96px; padding: 9px 10px; border: 1px solid #d1d5db;
  border-radius: 10px; font-size: 14px; color: #111827; background: #fff;
}
form button { border: none; border-radius: 10px; padding: 0 14px; background: var(--sb-accent, #2563eb); color: #fff; cursor: pointer; font-size: 14px; }
form button:disabled { opacity: .5; cursor: default; }
.bubble.in-call { background: #16a34a; }
.panel.voice-only { height: auto; max-height: calc(100vh - 120px); }
.call { padding: 12px 14px; border-bottom: 1px solid #e5e7eb; background: #fff; display: flex; flex-direction: column; gap: 10px; outline: none; }
.call:focus-visible { box-shadow: inset 0 0 0 3px #93c5fd; }
.panel.voice-only .call { border-bottom: none; }
.call-line { display: flex; align-items: baseline; gap: 8px; }
.call-status { flex: 1; line-height: 1.4; }
.call[data-state="ended"] .call-status { color: #374151; }
.call-timer { font-variant-numeric: tabular-nums; font-weight: 600; }
.call-hint, .call-keys { margin: 0; color: #6b7280; font-size: 12px; }
.call-keys { font-variant-numeric: tabular-nums; letter-spacing: .08em; }
.call-actions { display: flex; flex-wrap: wrap; gap: 8px; }
.call-actions button {
  border: 1px solid #d1d5db; background: #fff; color: #111827; border-radius: 10px;
  padding: 8px 14px; font-size: 14px; cursor: pointer;
}
.call-actions .call-start { background: #16a34a; border-color: #16a34a; color: #fff; font-weight: 600; }
.call-actions .call-hangup { background: #dc2626; border-color: #dc2626; color: #fff; font-weight: 600; }
.call-actions .call-mute[aria-pressed="true"] { background: #111827; border-color: #f87171; color: #fff; box-shadow: inset 0 0 0 2px #f87171; }
.keypad { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; max-width: 240px; }
.keypad .key {
  border: 1px solid #d1d5db; background: #f9fafb; color: #111827; border-radius: 10px;
  padding: 8px 0; font-size: 18px; cursor: pointer; font-variant-numeric: tabular-nums;
}
.keypad .key.pressed { background: var(--sb-accent, #2563eb); color: #fff; }
[hidden] { display: none !important; }
`;
