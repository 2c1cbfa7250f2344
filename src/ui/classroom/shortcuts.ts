/**
 * The keyboard shortcuts of the page, one table for the handler and the `?` overlay. Space and `.` are handled
 * by the run bar; the rest here.
 */
export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it. */
  keys: string[];
  /** How the overlay writes the key. */
  label: string;
  action: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', action: 'Play / pause' },
  { keys: ['s', 'S', '.'], label: 's or .', action: 'One SGD step (pauses first)' },
  { keys: ['r', 'R'], label: 'r', action: 'Reset to step 0 (same seed)' },
  { keys: ['p', 'P'], label: 'p', action: 'Presenter mode on / off' },
  { keys: ['l', 'L'], label: 'l', action: 'Lessons' },
  { keys: ['t', 'T'], label: 't', action: 'Theory' },
  { keys: ['c', 'C'], label: 'c', action: 'Compare runs' },
  { keys: ['o', 'O'], label: 'o', action: 'Settings panel open / closed' },
  {
    keys: ['f', 'F'],
    label: 'f',
    action: 'Enlarge the chart with the focus (or the learning curve) to fill the screen, and back',
  },
  { keys: ['?'], label: '?', action: 'Show these shortcuts' },
  {
    keys: [],
    label: '← → Home End',
    action: 'In “Step through”: previous, next, first and last position (Space plays)',
  },
  { keys: ['Escape'], label: 'Esc', action: 'Close a dialog, the settings drawer or an enlarged chart' },
  { keys: ['Tab'], label: 'Tab / Shift+Tab', action: 'Move between controls (the focused one is outlined)' },
];

/** True when the key press belongs to a text field or a control that uses the keys itself. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || el.isContentEditable;
}
