/**
 * `npm run train -- [flags]`: trains in Node on the same model code as the app (wasm backend, cpu fallback),
 * shows a progress bar, prints a summary, and writes the run export and checkpoint of SPEC §7 on request.
 */
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { describeSelection, NODE_LOADERS, selectBackend } from '../model/backend';
import { makeRunExport } from '../model/run-export';
import { Run } from '../model/run';
import { parseTrainArgs, helpText, UsageError, type TrainOptions } from './args';
import { attachPrefetcher } from '../worker/data/batch-prefetch';
import { startNodePrefetcher } from './data-workers';
import { trainHeadless } from './headless';

function fmt(n: number, digits = 4): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

async function main(options: TrainOptions): Promise<number> {
  const { config } = options;
  const requested = config.backend === 'webgpu' || config.backend === 'webgl' ? 'auto' : config.backend;
  if (requested !== config.backend) {
    console.error(`note: backend ${config.backend} needs a browser; Node uses wasm (cpu as fallback).`);
  }
  const selection = await selectBackend(requested, NODE_LOADERS);
  console.error(`backend: ${describeSelection(selection)}`);

  const run = Run.create(config);
  const data = startNodePrefetcher();
  attachPrefetcher(data.prefetcher, run);
  const budget = options.steps * config.batch;
  const bar = options.quiet
    ? null
    : new cliProgress.SingleBar(
        {
          format:
            ' {bar} {percentage}% | {seen}/{budget} samples | {rate} samples/s | testError {err} | ETA {eta_formatted}',
          hideCursor: true,
          stream: process.stderr,
          etaBuffer: 8,
        },
        cliProgress.Presets.shades_classic,
      );
  bar?.start(budget, 0, { seen: 0, budget: compact(budget), rate: '—', err: '—' });

  const result = await trainHeadless(
    run,
    {
      steps: options.steps,
      stopAtEps: options.stopAtEps,
      lazyMetrics: true,
    },
    (p) =>
      bar?.update(p.samplesSeen, {
        seen: compact(p.samplesSeen),
        rate: compact(p.samplesPerSec),
        err: fmt(p.testError),
      }),
  );
  bar?.stop();
  await data.close();

  const m = result.metrics;
  // The lazy metrics ride on every HEAVY_EVERY-th evaluation: the newest one that has them.
  const last = (xs: (number | null)[]) => {
    for (let i = xs.length - 1; i >= 0; i--)
      if (xs[i] !== null && xs[i] !== undefined) return xs[i] as number;
    return Number.NaN;
  };
  console.log('');
  console.log(`samples seen      ${run.state.samplesSeen} (${run.state.step} steps of ${config.batch})`);
  console.log(
    `time              ${result.seconds.toFixed(1)} s (${compact(run.state.samplesSeen / Math.max(result.seconds, 1e-9))} samples/s on ${selection.backend})`,
  );
  const b = run.baselines;
  console.log(`testError         ${fmt(result.finalTestError)} (1.0 = the zero predictor)`);
  console.log(
    `baselines         linear ${fmt(b.linear)}, constant ${fmt(b.constant)}, zero 1 (same test set and normalization)`,
  );
  console.log(
    `samplesToEps      ${run.state.samplesToEps ?? `not reached (ε = ${config.eps})`}${m.trivial ? ` (not meaningful: the ${b.constant <= config.eps ? 'constant' : 'linear'} baseline already reaches ε = ${config.eps})` : ''}`,
  );
  console.log(
    `weightMovement    ${fmt(last(m.weightMovementFrobenius))} (‖W−W0‖F/‖W0‖F), ${fmt(last(m.weightMovementSpectral), 3)} (√m·‖W−W0‖2)`,
  );
  console.log(`patternFlips      ${fmt(last(m.patternFlips))}`);
  console.log(`linearizationGap  ${fmt(last(m.linearizationGap))}`);

  if (options.out) {
    writeFileSync(options.out, JSON.stringify(makeRunExport(config, selection.backend, m)));
    console.log(`run written to    ${options.out}`);
  }
  if (options.checkpoint) {
    writeFileSync(options.checkpoint, JSON.stringify(await run.checkpoint()));
    console.log(`checkpoint to     ${options.checkpoint}`);
  }
  run.dispose();
  if (result.diverged) {
    console.error(
      `\nThe run diverged (the loss became Inf or NaN at about ${run.state.samplesSeen} samples). ` +
        `The learning rate η = ${config.lr} is probably too large for λ = ${config.lambda} and m = ${config.m}: try --lr ${config.lr / 4}.`,
    );
    return 3;
  }
  return 0;
}

let options: TrainOptions | null;
try {
  options = parseTrainArgs(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`error: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
if (options === null) {
  console.log(helpText());
} else {
  main(options).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
