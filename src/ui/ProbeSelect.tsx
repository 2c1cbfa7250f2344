/** The "Probe sequence" select of the prediction chart and the step-through dialog: probes 1..8, 0-based values. */
import { PREDICTION_PROBES } from '../worker/protocol/training-protocol';

export function ProbeSelect({
  value,
  onChange,
  testId,
}: {
  value: number;
  onChange: (probe: number) => void;
  testId?: string;
}) {
  return (
    <label>
      Probe sequence{' '}
      <select value={value} data-testid={testId} onChange={(e) => onChange(Number(e.target.value))}>
        {Array.from({ length: PREDICTION_PROBES }, (_, q) => (
          <option key={q} value={q}>
            {q + 1}
          </option>
        ))}
      </select>
    </label>
  );
}
