/**
 * Importing files: a run export and a checkpoint written by the model code read back; a too-large, empty,
 * non-JSON, foreign or damaged file is refused with a message that names the file and the problem.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import {
  CHECKPOINT_FORMAT,
  emptyRunMetrics,
  makeRunExport,
  MAX_IMPORT_BYTES,
  RUN_FORMAT,
} from '../../src/model/run-export';
import { Run } from '../../src/model/run';
import { readImportFile, type NamedBlob } from '../../src/state/import-file';
import { useBackend } from '../helpers/backend';

const SMALL = { ...DEFAULT_CONFIG, L: 5, dIn: 3, m: 16, p: 2, batch: 4, ntest: 64, backend: 'wasm' as const };

function file(name: string, text: string, size = new TextEncoder().encode(text).length): NamedBlob {
  return { name, size, text: () => Promise.resolve(text) };
}

function runText(): string {
  const metrics = emptyRunMetrics([3, 4, 5]);
  metrics.samples.push(0, 4);
  metrics.step.push(0, 1);
  metrics.trainLoss.push(null, 0.25);
  metrics.testError.push(1.2, 0.9);
  return JSON.stringify(makeRunExport(SMALL, 'wasm', metrics));
}

beforeAll(async () => {
  await useBackend('wasm');
});

describe('importing a file', () => {
  it('reads a run export', async () => {
    const r = await readImportFile(file('a.run.json', runText()));
    expect(r.kind).toBe('run');
    if (r.kind !== 'run') return;
    expect(r.run.format).toBe(RUN_FORMAT);
    expect(r.run.config).toEqual(SMALL);
    expect(r.run.metrics.testError).toEqual([1.2, 0.9]);
  });

  it('reads a checkpoint with its weights and progress', async () => {
    const run = Run.create(SMALL);
    for (let i = 0; i < 3; i++) run.step();
    await run.readTrainLoss();
    const text = JSON.stringify(await run.checkpoint());
    const r = await readImportFile(file('b.checkpoint.json', text));
    expect(r.kind).toBe('checkpoint');
    if (r.kind !== 'checkpoint') return;
    expect(r.checkpoint.config).toEqual(SMALL);
    expect(r.checkpoint.state.step).toBe(3);
    expect(r.checkpoint.state.samplesSeen).toBe(12);
    expect(r.checkpoint.current.W.length).toBe(16 * 16);
    const weights = run.currentWeights();
    expect(Array.from(r.checkpoint.current.W)).toEqual(Array.from(await weights.W.data()));
    run.dispose();
  });

  it('refuses a file over the size limit without reading it', async () => {
    const huge: NamedBlob = {
      name: 'huge.run.json',
      size: MAX_IMPORT_BYTES + 1,
      text: () => Promise.reject(new Error('must not be read')),
    };
    await expect(readImportFile(huge)).rejects.toThrow(
      /huge\.run\.json is 256 MiB; files larger than 256 MiB/,
    );
  });

  it('says what is wrong with empty, non-JSON, foreign and damaged files', async () => {
    await expect(readImportFile(file('e.json', ''))).rejects.toThrow(/e\.json is empty/);
    await expect(readImportFile(file('n.json', 'hello'))).rejects.toThrow(/n\.json is not a JSON file/);
    await expect(readImportFile(file('f.json', '{"format":"other/thing@2"}'))).rejects.toThrow(
      /f\.json has format "other\/thing@2"; this page imports/,
    );
    await expect(readImportFile(file('x.json', '[1,2]'))).rejects.toThrow(/x\.json has no "format" field/);
    const damaged = JSON.parse(runText());
    damaged.metrics.testError.pop();
    await expect(readImportFile(file('d.run.json', JSON.stringify(damaged)))).rejects.toThrow(
      /d\.run\.json: Not a valid run file: metrics\.testError has 1 entries but metrics\.samples has 2/,
    );
    const badConfig = JSON.parse(runText());
    badConfig.config.L = 1;
    await expect(readImportFile(file('c.run.json', JSON.stringify(badConfig)))).rejects.toThrow(
      /c\.run\.json: Not a valid run file: config\.L: L: 1 is out of range/,
    );
    const badTensor = { format: CHECKPOINT_FORMAT, config: SMALL };
    await expect(readImportFile(file('k.checkpoint.json', JSON.stringify(badTensor)))).rejects.toThrow(
      /k\.checkpoint\.json: Not a valid checkpoint/,
    );
  });
});
