// @vitest-environment jsdom
/**
 * The controls, run bar, status bar and messages rendered with React in jsdom, connected to the real training
 * loop (wasm) over a MessageChannel: every field is labelled with its range and help, bad input shows a
 * message, restart fields wait for Apply, and Step moves samples seen by exactly one batch.
 */
import { act, createElement, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NODE_LOADERS } from '../../src/model/backend';
import { FIELDS, describeRange } from '../../src/model/fields';
import { LabSession } from '../../src/state/session';
import { createLabStore } from '../../src/state/store';
import { Controls } from '../../src/ui/Controls';
import { Messages } from '../../src/ui/Messages';
import { RunBar } from '../../src/ui/RunBar';
import { SessionContext } from '../../src/ui/session-context';
import { StatusBar } from '../../src/ui/StatusBar';
import { TrainerClient, type Endpoint } from '../../src/client/training-client';
import { transferables, type ToWorker } from '../../src/worker/protocol/training-protocol';
import { Trainer } from '../../src/worker/training/trainer';
import { SMALL } from '../worker/harness';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let channel: MessageChannel;
let trainer: Trainer;
let session: LabSession;
let root: Root;
let host: HTMLElement;

function render(...children: ReactElement[]): void {
  act(() => root.render(createElement(SessionContext.Provider, { value: session }, ...children)));
}

async function until(predicate: () => boolean, ms = 20_000): Promise<void> {
  const t0 = performance.now();
  while (!predicate()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
}

/** Sets an input's value the way a user's typing does, so React's onChange fires. */
function type(el: HTMLInputElement | HTMLSelectElement, value: string): void {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  act(() => {
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}

const byTestId = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);

beforeEach(() => {
  channel = new MessageChannel();
  const workerSide = channel.port1;
  trainer = new Trainer({
    post: (msg) => workerSide.postMessage(msg, transferables(msg)),
    loaders: NODE_LOADERS,
    crossOriginIsolated: false,
  });
  workerSide.addEventListener('message', (e) => void trainer.handle((e as MessageEvent<ToWorker>).data));
  workerSide.start();
  channel.port2.start();
  session = new LabSession(new TrainerClient(channel.port2 as unknown as Endpoint), createLabStore(SMALL));
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(async () => {
  act(() => root.unmount());
  host.remove();
  session.dispose();
  await trainer.dispose();
  channel.port1.close();
  channel.port2.close();
});

describe('Controls', () => {
  it('gives every field a labelled control with its range and help', () => {
    render(createElement(Controls));
    // The formula field shows only when the concept reads it.
    expect(host.querySelector('#field-formula')).toBeNull();
    for (const f of FIELDS.filter((f) => f.kind !== 'text')) {
      const control = host.querySelector<HTMLElement>(`#field-${f.key}`);
      expect(control, f.key).not.toBeNull();
      const label = host.querySelector(`label[for="field-${f.key}"]`);
      expect(label?.textContent).toContain(f.label);
      const described = (control?.getAttribute('aria-describedby') ?? '').split(' ');
      const help = host.querySelector(`#${described[0]}`)?.textContent ?? '';
      expect(help).toContain(f.help);
      if (f.kind !== 'enum') expect(help).toContain(describeRange(f));
    }
    act(() => session.setField('concept', 'formula'));
    const formula = host.querySelector<HTMLElement>('#field-formula');
    expect(host.querySelector('label[for="field-formula"]')?.textContent).toContain('formula');
    const formulaHelp = host.querySelector(`#${formula?.getAttribute('aria-describedby')?.split(' ')[0]}`);
    expect(formulaHelp?.textContent).toMatch(/x\[j-1\]/);
    // p, K, Φ, R and normalize are not read by a formula teacher: disabled, and the hint says so.
    expect(host.querySelector<HTMLInputElement>('#field-p')?.disabled).toBe(true);
    expect(host.querySelector('#field-p-help')?.textContent).toMatch(/not read by the formula teacher/);
    const legends = Array.from(host.querySelectorAll('legend'), (l) => l.textContent);
    expect(legends).toEqual(['Teacher', 'Student', 'Training', 'Data', 'Run']);
  });

  it('shows a validation message for a bad value and clears it when fixed', () => {
    render(createElement(Controls));
    const L = host.querySelector<HTMLInputElement>('#field-L')!;
    type(L, '500');
    expect(L.getAttribute('aria-invalid')).toBe('true');
    expect(host.querySelector('#field-L-error')?.textContent).toMatch(
      /L: 500 is out of range; allowed an integer 3\.\.200/,
    );
    type(L, '12');
    expect(host.querySelector('#field-L-error')).toBeNull();
  });

  it('applies a restart field only when Apply is pressed', async () => {
    render(createElement(Controls), createElement(Messages));
    session.start(false);
    await until(() => session.store.getState().status === 'paused');
    type(host.querySelector<HTMLInputElement>('#field-m')!, '24');
    const apply = Array.from(host.querySelectorAll('button')).find(
      (b) => b.textContent === 'Apply and restart',
    );
    expect(host.textContent).toContain('Restart needed for: m');
    expect(session.store.getState().config.m).toBe(SMALL.m);
    act(() => apply!.click());
    await until(() => trainer.state.samplesSeen === 0 && session.store.getState().runId === 2);
    expect(session.store.getState().config.m).toBe(24);
    expect(host.textContent).not.toContain('Restart needed');
  });
});

describe('RunBar and StatusBar', () => {
  it('shows the backend, steps exactly one batch, and plays and pauses', async () => {
    render(createElement(RunBar), createElement(StatusBar));
    session.start(false);
    await until(
      () => byTestId('backend')?.textContent === 'wasm' && session.store.getState().status === 'paused',
    );
    expect(byTestId('samples-seen')?.textContent).toBe('0');
    expect(Number(byTestId('test-error')?.dataset.value)).toBeGreaterThan(0);
    act(() => byTestId('step')!.click());
    await until(() => byTestId('samples-seen')?.textContent === String(SMALL.batch));
    expect((byTestId('pause') as HTMLButtonElement).disabled).toBe(true);
    act(() => byTestId('play')!.click());
    await until(() => Number(byTestId('samples-seen')?.dataset.value) > 20 * SMALL.batch);
    expect((byTestId('play') as HTMLButtonElement).disabled).toBe(true);
    act(() => byTestId('pause')!.click());
    await until(() => session.store.getState().status === 'paused');
    act(() => byTestId('reset')!.click());
    await until(() => byTestId('samples-seen')?.textContent === '0');
  });

  it('shows worker errors in the error message', async () => {
    render(createElement(Messages));
    session.store.getState().receive({ type: 'error', message: 'The run diverged: lower η.', fatal: false });
    await until(() => byTestId('error-message') !== null);
    expect(byTestId('error-message')?.textContent).toContain('The run diverged');
  });
});
