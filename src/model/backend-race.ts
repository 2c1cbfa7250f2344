/**
 * The automatic backend chosen by measurement: every backend that starts trains a fresh run of the current
 * config (same seed, so the same data and initial weights) for a fraction of a second, and the fastest in
 * samples per second wins. A small step is dispatch-bound on a GPU, so the order webgpu → webgl → wasm is not
 * always fastest; only a measurement on the device says which is.
 *
 * Each backend takes warm-up steps first (on a GPU the first step compiles its shaders), then steps timed in
 * windows of a few steps, each window ending in a read-back; its rate is its best window's, so that a burst
 * of other work on the machine (the page drawing its first charts) does not decide the choice. CPU backends
 * go first and GPU backends last, so that a GPU step still finishing in the GPU process cannot slow the
 * measurement of a CPU backend. A GPU whose first step has not finished after `firstStepSeconds` is not
 * waited for: it is recorded at the rate that one step would give at most, and its run is freed when the
 * step ends.
 *
 * A GPU emulated on the CPU (SwiftShader, llvmpipe) is not timed unless `emulated: 'time'`: it runs on the
 * same cores as wasm, measured several times slower than wasm (BENCHMARKS.md), and its first step alone
 * (compiling its shaders in software) takes seconds that would then keep the cores busy after the choice.
 *
 * Nothing here touches the DOM; the training worker runs it (off the main thread), and the Node tests run it
 * on wasm and cpu.
 */
import { BACKEND_ORDER, startOnly, type BackendLoaders, type BackendName } from './backend';
import type { Config } from './config';
import { Run } from './run';

export interface BackendRate {
  backend: BackendName;
  /** Samples per second measured (an upper bound when `capped`); null when the backend did not start. */
  samplesPerSecond: number | null;
  /** Timed steps (0 when only the first step was timed). */
  steps: number;
  /** Its first step was still running after the deadline: the rate is at most this. */
  capped: boolean;
  /** The software rasteriser under a GPU backend, or null. */
  emulatedBy: string | null;
  /** Why it has no rate (it did not start), or null. */
  failure: string | null;
  /** Why it started but was not timed (an emulated GPU), or null. */
  notTimed: string | null;
  /** Wall time this backend's start and measurement took, in seconds. */
  seconds: number;
}

export interface BackendMeasurement {
  /** The fastest backend measured. */
  fastest: BackendName;
  /** Every backend tried, fastest first, then the ones that did not start. */
  rates: BackendRate[];
  /** The config size the rates hold for (sizeKey). */
  size: string;
  /** When it was measured (ISO date). */
  date: string;
}

export interface MeasureOptions {
  /** Timed steps run until this many seconds have passed (after the warm-up), per backend. */
  secondsPerBackend?: number;
  /** At least this many timed windows. */
  minWindows?: number;
  /** Steps per timed window. */
  windowSteps?: number;
  /** Warm-up steps before timing. */
  warmupSteps?: number;
  /** 'skip' (default): a GPU emulated on the CPU is started but not timed; 'time': timed like any other. */
  emulated?: 'skip' | 'time';
  /** A first step slower than this ends that backend's measurement (see the module comment). */
  firstStepSeconds?: number;
  /** Backends not to try (lost during this session). */
  exclude?: readonly BackendName[];
}

/** CPU backends first, then GPU backends (see the module comment). */
export const MEASURE_ORDER: readonly BackendName[] = ['wasm', 'cpu', 'webgl', 'webgpu'];

/** The config fields that set a step's cost; rates measured for one size hold for every config of that size. */
export function sizeKey(config: Pick<Config, 'm' | 'L' | 'batch' | 'dIn'>): string {
  return `m=${config.m} L=${config.L} batch=${config.batch} dIn=${config.dIn}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Resolves to true when `p` settles within `seconds`, false otherwise (p keeps running). */
function within(p: Promise<unknown>, seconds: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), seconds * 1000);
    p.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

type Timing = Required<Omit<MeasureOptions, 'exclude'>>;

/** Trains a fresh run of `config` on the active backend: warm-up, then timed windows; the best window's rate. */
async function timeSteps(
  config: Config,
  backend: BackendName,
  emulatedBy: string | null,
  o: Timing,
): Promise<Omit<BackendRate, 'seconds'>> {
  const base = { backend, emulatedBy, failure: null, notTimed: null };
  const run = Run.create(config);
  let keep = false;
  try {
    const first = performance.now();
    run.step();
    const done = run.readTrainLoss();
    if (!(await within(done, o.firstStepSeconds))) {
      // Free the run when the step the GPU is still running ends; do not wait for it here.
      keep = true;
      void done.finally(() => run.dispose());
      const samplesPerSecond = config.batch / ((performance.now() - first) / 1000);
      return { ...base, samplesPerSecond, steps: 0, capped: true };
    }
    for (let i = 1; i < o.warmupSteps; i++) run.step();
    await run.readTrainLoss();
    const start = performance.now();
    let best = 0;
    let windows = 0;
    while (windows < o.minWindows || performance.now() - start < o.secondsPerBackend * 1000) {
      const t = performance.now();
      for (let i = 0; i < o.windowSteps; i++) run.step();
      // The read-back ends the window, so its time includes the device work, as in the training loop.
      await run.readTrainLoss();
      best = Math.max(best, (o.windowSteps * config.batch) / ((performance.now() - t) / 1000));
      windows += 1;
    }
    return { ...base, samplesPerSecond: best, steps: windows * o.windowSteps, capped: false };
  } finally {
    if (!keep) run.dispose();
  }
}

/**
 * Measures every backend in `loaders` that starts (MEASURE_ORDER, less `exclude`) on `config` and returns the
 * rates, fastest first. Leaves the last measured backend active: the caller selects the fastest. Throws
 * when none starts.
 */
export async function measureBackends(
  config: Config,
  loaders: BackendLoaders,
  options: MeasureOptions = {},
): Promise<BackendMeasurement> {
  const o: Timing = {
    secondsPerBackend: options.secondsPerBackend ?? 0.3,
    minWindows: options.minWindows ?? 3,
    windowSteps: options.windowSteps ?? 4,
    warmupSteps: options.warmupSteps ?? 2,
    emulated: options.emulated ?? 'skip',
    firstStepSeconds: options.firstStepSeconds ?? 3,
  };
  const exclude = new Set(options.exclude ?? []);
  const rates: BackendRate[] = [];
  for (const backend of MEASURE_ORDER.filter((b) => BACKEND_ORDER.includes(b) && !exclude.has(b))) {
    const loader = loaders[backend];
    if (!loader) continue;
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    // This backend alone, software GPUs included: the measurement decides.
    const start = await startOnly(backend, loaders);
    if (!start.ok) {
      const failed = { samplesPerSecond: null, steps: 0, capped: false, emulatedBy: null, notTimed: null };
      rates.push({ backend, ...failed, failure: start.reason, seconds: took() });
      continue;
    }
    const { emulatedBy } = start;
    if (emulatedBy !== null && o.emulated === 'skip') {
      const notTimed = `its GPU is ${emulatedBy}, an emulation on the CPU: it shares the cores the CPU backends use, trains several times slower than wasm, and its first step alone takes seconds (choose ${backend} as the backend to use it anyway)`;
      rates.push({
        backend,
        samplesPerSecond: null,
        steps: 0,
        capped: false,
        emulatedBy,
        failure: null,
        notTimed,
        seconds: took(),
      });
      continue;
    }
    try {
      rates.push({ ...(await timeSteps(config, backend, emulatedBy, o)), seconds: took() });
    } catch (e) {
      rates.push({
        backend,
        samplesPerSecond: null,
        steps: 0,
        capped: false,
        emulatedBy,
        failure: `its measurement step failed (${errorText(e)})`,
        notTimed: null,
        seconds: took(),
      });
    }
  }
  const measured = rates.filter((r) => r.samplesPerSecond !== null);
  measured.sort((a, b) => (b.samplesPerSecond as number) - (a.samplesPerSecond as number));
  const fastest = measured[0];
  if (!fastest) {
    throw new Error(
      `No compute backend works here: ${rates.map((r) => `${r.backend}: ${r.failure ?? r.notTimed ?? 'not measured'}`).join('; ')}.`,
    );
  }
  return {
    fastest: fastest.backend,
    rates: [...measured, ...rates.filter((r) => r.samplesPerSecond === null)],
    size: sizeKey(config),
    date: new Date().toISOString(),
  };
}

/** "wasm: 8,150 samples/s", "webgpu: at most 31 samples/s (…)", "webgl: did not start (…)", "webgl on SwiftShader: not timed (…)". */
export function describeRate(r: BackendRate): string {
  const on = r.emulatedBy ? ` on ${r.emulatedBy}` : '';
  if (r.notTimed !== null) return `${r.backend}${on}: not timed (${r.notTimed})`;
  if (r.samplesPerSecond === null) return `${r.backend}: did not start (${r.failure ?? 'unknown reason'})`;
  const n = Math.round(r.samplesPerSecond).toLocaleString('en-US');
  return r.capped
    ? `${r.backend}${on}: at most ${n} samples/s (its first step, compiling shaders, was not done in time)`
    : `${r.backend}${on}: ${n} samples/s`;
}
