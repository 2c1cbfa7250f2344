/** The status bar's trivial-run warning (SPEC §6): shown exactly when a baseline reaches ε, naming which. */
import { describe, expect, it } from 'vitest';
import type { Baselines } from '../../src/model/baselines';
import { trivialWarning } from '../../src/ui/StatusBar';

const baselines = (linear: number, constant: number): Baselines => ({
  zero: 1,
  linear,
  constant,
  byPosition: { positions: [3], linear: [linear], constant: [constant] },
});

describe('trivialWarning', () => {
  it('is silent while no baseline reaches ε, or before the run has baselines', () => {
    expect(trivialWarning(baselines(0.13, 1), 0.05)).toBeNull();
    expect(trivialWarning(null, 0.05)).toBeNull();
  });

  it('names the linear map when it reaches ε', () => {
    const text = trivialWarning(baselines(0.0016, 1), 0.05) ?? '';
    expect(text).toMatch(/linear\) map of the tokens already gets test error 0\.0016/);
    expect(text).toMatch(/not meaningful/);
    expect(text).toMatch(/teacher scale R/);
  });

  it('names the constant when a fixed number per position already reaches ε (cos at R = 1)', () => {
    // A constant is an affine map too (linear <= constant): the simpler one is named when it reaches ε.
    expect(trivialWarning(baselines(0.004, 0.005), 0.05)).toMatch(/one fixed number per position/);
    expect(trivialWarning(baselines(0.004, 0.5), 0.05)).toMatch(/linear\) map/);
  });
});
