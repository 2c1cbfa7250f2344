/**
 * Host copies of a run's weights: read from the device asynchronously, checked for NaN and Inf, and checked
 * again before a run is rebuilt from them (a snapshot may come from another worker or from a file).
 */
import * as tf from '@tensorflow/tfjs-core';
import { validateConfig } from '../../model/config';
import { Run } from '../../model/run';
import type { StudentParams, StudentWeights } from '../../model/student';
import type { RunSnapshot } from '../protocol/recovery-messages';

async function readTriple(params: StudentParams, which: 'current' | 'initial'): Promise<StudentWeights> {
  const tensors = which === 'current' ? [params.W, params.A, params.B] : [params.W0, params.A0, params.B0];
  // The cpu backend hands out its own storage from data(); every other backend returns a fresh array.
  const copy = tf.getBackend() === 'cpu';
  const [W, A, B] = (await Promise.all(tensors.map((t) => t.data()))).map((a) =>
    copy ? Float32Array.from(a as Float32Array) : (a as Float32Array),
  ) as [Float32Array, Float32Array, Float32Array];
  return { m: params.m, dx: params.dx, d: params.d, W, A, B };
}

/** Reads the current weights (and the initial ones unless `initial` is given, which never change). */
export async function readSnapshot(run: Run, initial: StudentWeights | null): Promise<RunSnapshot> {
  const current = await readTriple(run.params, 'current');
  return {
    config: { ...run.config },
    current,
    initial: initial ?? (await readTriple(run.params, 'initial')),
    state: { ...run.state },
  };
}

/** Name of the first weight matrix holding NaN or ±Inf, or null when every value is finite. */
export function nonFiniteWeight(w: StudentWeights): string | null {
  for (const [name, a] of [
    ['W', w.W],
    ['A', w.A],
    ['B', w.B],
  ] as const) {
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i] as number)) return name;
  }
  return null;
}

function weightProblems(
  label: string,
  w: StudentWeights | undefined,
  m: number,
  dx: number,
  d: number,
): string[] {
  if (!w || typeof w !== 'object') return [`${label}: missing.`];
  const out: string[] = [];
  if (w.m !== m || w.dx !== dx || w.d !== d)
    out.push(`${label}: sizes m=${w.m}, d_x=${w.dx}, d=${w.d} do not match the config (${m}, ${dx}, ${d}).`);
  const expect = { W: m * m, A: m * dx, B: d * m } as const;
  for (const key of ['W', 'A', 'B'] as const) {
    const a = w[key];
    if (!(a instanceof Float32Array)) out.push(`${label}.${key}: not a float32 array.`);
    else if (a.length !== expect[key])
      out.push(`${label}.${key}: ${a.length} values, expected ${expect[key]}.`);
  }
  if (out.length === 0) {
    const bad = nonFiniteWeight(w);
    if (bad) out.push(`${label}.${bad}: holds NaN or infinite values.`);
  }
  return out;
}

/** Every reason `s` cannot be trained from; empty when it can. */
export function snapshotProblems(s: RunSnapshot): string[] {
  if (!s || typeof s !== 'object') return ['the checkpoint is empty.'];
  const valid = validateConfig(s.config);
  if (!valid.ok) return valid.errors;
  const { m, d, dIn, L } = valid.config;
  const dx = dIn + 1;
  const out = [
    ...weightProblems('current weights', s.current, m, dx, d),
    ...weightProblems('initial weights', s.initial, m, dx, d),
  ];
  const st = s.state;
  const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (!st || !count(st.step) || !count(st.samplesSeen))
    out.push('progress: step and samplesSeen must be whole numbers ≥ 0.');
  else if (st.samplesToEps !== null && !count(st.samplesToEps))
    out.push('progress: samplesToEps must be a whole number or null.');
  const t = s.teacher;
  if (t !== undefined && (t.dIn !== dIn || t.d !== d || t.L !== L || !Array.isArray(t.terms)))
    out.push('teacher: its sizes do not match the config.');
  return out;
}

/** A run rebuilt from a snapshot that passed `snapshotProblems`, with `config` (live fields may differ). */
export function runFromSnapshot(s: RunSnapshot, config = s.config): Run {
  return Run.restore(config, s.current, s.initial, s.state, s.teacher);
}

/** Fresh copies of the weights, to post (and transfer) while the originals stay with the worker. */
export function copyWeights(w: StudentWeights): StudentWeights {
  return { m: w.m, dx: w.dx, d: w.d, W: w.W.slice(), A: w.A.slice(), B: w.B.slice() };
}
