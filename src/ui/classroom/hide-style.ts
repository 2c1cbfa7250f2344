/**
 * The style sheet that hides what a classroom link asks to hide. The settings and charts are other components'
 * markup, so hiding works through their stable hooks (the `#field-<key>` inputs, group classes, chart test
 * ids) rather than through props; a hidden control leaves the tab order with it (display: none).
 */
import { FIELDS, type FieldGroup } from '../../model/fields';
import { HIDE_CHARTS } from '../../state/link/page-options';

const GROUPS: FieldGroup[] = ['teacher', 'student', 'training', 'data', 'run'];

/** CSS rules hiding `hidden` (targets of HIDE_TARGETS); empty when nothing is hidden. */
export function hideRules(hidden: readonly string[]): string {
  const set = new Set(hidden);
  const rules: string[] = [];
  for (const f of FIELDS) if (set.has(f.key)) rules.push(`.field:has(#field-${f.key})`);
  // A group with every field hidden would be an empty box: hide the box too.
  for (const g of GROUPS) {
    const keys = FIELDS.filter((f) => f.group === g).map((f) => f.key);
    if (keys.every((k) => set.has(k))) rules.push(`.group--${g}`);
  }
  for (const c of HIDE_CHARTS) if (set.has(c.key)) rules.push(`[data-testid="${c.key}"]`);
  if (set.has('runbar')) rules.push('.run-bar');
  if (set.has('settings')) rules.push('.sidebar', '#settings-toggle', '.drawer-backdrop');
  const out = rules.length > 0 ? [`${rules.join(',\n')} { display: none !important; }`] : [];
  if (set.has('settings')) out.push('.body { grid-template-columns: minmax(0, 1fr) !important; }');
  return out.join('\n');
}
