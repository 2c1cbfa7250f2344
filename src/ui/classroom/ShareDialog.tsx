/**
 * Share and classroom links. "Copy link" copies the address of the page as it is (the address bar follows
 * every setting). The builder below makes a classroom link: tick the controls and charts to hide (like
 * TensorFlow Playground's hide flags), choose presenter mode and whether the lesson card opens, and copy it.
 */
import { useMemo, useState } from 'react';
import { FIELDS, type FieldGroup } from '../../model/fields';
import { linkHref } from '../../state/link/config-link';
import { HIDE_CHARTS, HIDE_PANELS, normalizeHidden } from '../../state/link/page-options';
import { useLab, useSession } from '../session-context';
import { copyText } from './copy';
import { PageDialog } from './Dialog';
import { usePage } from '../../state/page-store';

const GROUP_TITLES: Record<FieldGroup, string> = {
  teacher: 'Teacher',
  student: 'Student',
  training: 'Training',
  data: 'Data',
  run: 'Run',
};

interface Choice {
  key: string;
  label: string;
}

function ChoiceGroup({
  title,
  choices,
  hidden,
  toggle,
}: {
  title: string;
  choices: readonly Choice[];
  hidden: Set<string>;
  toggle: (key: string, on: boolean) => void;
}) {
  return (
    <fieldset className="hide-group">
      <legend>{title}</legend>
      {choices.map((c) => (
        <label key={c.key} className="hide-choice">
          <input
            type="checkbox"
            checked={hidden.has(c.key)}
            onChange={(e) => toggle(c.key, e.target.checked)}
            data-hide={c.key}
          />{' '}
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}

/** Copies `text` and says so in the page's notice. */
function useCopy(): (text: string, what: string) => Promise<void> {
  const session = useSession();
  return async (text, what) => {
    const ok = await copyText(text);
    const s = session.store.getState();
    if (ok) s.setNotice(`${what} copied to the clipboard.`);
    else s.setError(`Could not copy the ${what.toLowerCase()}; select it in the field and copy it by hand.`);
  };
}

function ClassroomLinkBuilder() {
  const config = useLab((s) => s.config);
  const presenterNow = useLab((s) => s.presenter);
  const lessonNow = usePage((s) => s.lesson);
  const hiddenNow = usePage((s) => s.hidden);
  const [hidden, setHidden] = useState(() => new Set(hiddenNow));
  const [presenter, setPresenter] = useState(presenterNow);
  const [withLesson, setWithLesson] = useState(lessonNow !== null);
  const copy = useCopy();
  const toggle = (key: string, on: boolean) => {
    const next = new Set(hidden);
    if (on) next.add(key);
    else next.delete(key);
    setHidden(next);
  };
  const href = useMemo(
    () =>
      linkHref(config, {
        hidden: normalizeHidden(hidden),
        lesson: withLesson ? lessonNow : null,
        presenter,
      }),
    [config, hidden, presenter, withLesson, lessonNow],
  );
  const groups = Object.entries(GROUP_TITLES) as [FieldGroup, string][];
  return (
    <section className="link-builder" aria-label="Classroom link">
      <h3>Classroom link</h3>
      <p className="blurb">
        Students who open this link see the current settings with the ticked parts hidden. Hidden settings
        keep the values in the link.
      </p>
      <div className="hide-groups">
        <ChoiceGroup title="Page" choices={HIDE_PANELS} hidden={hidden} toggle={toggle} />
        <ChoiceGroup title="Charts" choices={HIDE_CHARTS} hidden={hidden} toggle={toggle} />
        {groups.map(([group, title]) => (
          <ChoiceGroup
            key={group}
            title={`${title} settings`}
            choices={FIELDS
              .filter((f) => f.group === group)
              .map((f) => ({ key: f.key, label: f.label === f.key ? f.key : `${f.label} (${f.key})` }))}
            hidden={hidden}
            toggle={toggle}
          />
        ))}
      </div>
      <div className="link-options">
        <label>
          <input type="checkbox" checked={presenter} onChange={(e) => setPresenter(e.target.checked)} /> Open
          in presenter mode
        </label>
        {lessonNow && (
          <label>
            <input type="checkbox" checked={withLesson} onChange={(e) => setWithLesson(e.target.checked)} />{' '}
            Show the lesson card
          </label>
        )}
      </div>
      <div className="link-row">
        <input
          type="text"
          readOnly
          value={href}
          aria-label="Classroom link"
          data-testid="classroom-link"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="primary" onClick={() => void copy(href, 'Classroom link')}>
          Copy
        </button>
        <a href={href} target="_blank" rel="noopener">
          Open
        </a>
      </div>
    </section>
  );
}

export function ShareDialog() {
  const copy = useCopy();
  return (
    <PageDialog
      name="share"
      title="Share"
      testId="share-dialog"
      wide
    >
      <p>
        The address bar always holds every setting and the seed: the same link gives the same data and the
        same initial weights, so anyone who opens it reproduces this run.
      </p>
      <button
        type="button"
        className="primary"
        data-testid="copy-link-dialog"
        onClick={() => void copy(window.location.href, 'Link')}
      >
        Copy link to this run
      </button>
      <ClassroomLinkBuilder />
    </PageDialog>
  );
}

/** The "Copy link" button of the tool bar. */
export function CopyLinkButton() {
  const copy = useCopy();
  return (
    <button
      type="button"
      className="quiet"
      data-testid="copy-link"
      title="Copy a link that reproduces this run (settings and seed)"
      onClick={() => void copy(window.location.href, 'Link')}
    >
      Copy link
    </button>
  );
}
