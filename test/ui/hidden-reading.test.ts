/** The hidden-state chart's live reading: token memory at the last position, now and at initialisation. */
import { describe, expect, it } from 'vitest';
import { MetricSeries } from '../../src/state/metric-series';
import { hiddenReading } from '../../src/ui/theory/readings';

describe('hiddenReading', () => {
  it('reads memory(i, L) of every followed token, with its value at initialisation', () => {
    const series = new MetricSeries();
    expect(hiddenReading(series)).toBe('No token memory yet.');
    const L = 4;
    const nan = Number.NaN;
    series.trajectories = {
      samples: 64,
      probes: 8,
      L,
      tokens: [2, 3],
      memory: Float64Array.from([nan, 1, 0.9, 0.812, nan, nan, 1, 1.234]),
      memoryAtInit: Float64Array.from([nan, 1, 0.8, 0.6, nan, nan, 1, 0.9]),
    };
    expect(hiddenReading(series)).toBe(
      'Reversing a token moves h at position 4 by this multiple of its move when the token arrived: token 2 0.81 (at initialisation 0.60), token 3 1.2 (at initialisation 0.90).',
    );
  });
});
