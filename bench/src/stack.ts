/**
 * The stacked-runs experiment (bench/stack.html, issue "Speed at scale" item 4): does one kernel launch for
 * k runs of a sweep that share m, L and batch beat k runs side by side on a GPU? Both ways run the same
 * arithmetic with generic tfjs ops: the Elman ReLU recurrence h_l = relu(h_{l-1} W + x_l A) over L positions,
 * a squared loss on the last state's readout, and the gradient in W by tf.grad, then W -= η·grad. "side by
 * side" steps k weight matrices [m, m] one after another (k times the dispatches); "stacked" steps one
 * [k, m, m] tensor with batched matMuls (the dispatches of one run, each k times larger). Timed in rounds,
 * the two ways taking turns, each round ending in a read-back. `window.stackState` holds the rows.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';

interface StackRow {
  backend: string;
  k: number;
  sideBySide: number;
  stacked: number;
  speedup: number;
}

declare global {
  interface Window {
    stackState: { status: 'running' | 'done'; rows: StackRow[]; error: string | null };
  }
}

const q = new URLSearchParams(location.search);
const num = (k: string, d: number) => Number(q.get(k) ?? d);
const backend = q.get('backend') ?? 'webgpu';
const m = num('m', 256);
const L = num('L', 10);
const B = num('batch', 32);
const dIn = 2;
const seconds = num('seconds', 2);
const ks = (q.get('ks') ?? '1,2,4,8').split(',').map(Number);
window.stackState = { status: 'running', rows: [], error: null };
const logEl = document.getElementById('log') as HTMLElement;
const log = (t: string) => {
  logEl.textContent += `${t}\n`;
  console.log(`[stack] ${t}`);
};

/** Loss of k stacked runs: W [k, m, m], A [k, dIn, m], x [k, L, B, dIn], y [k, B]. */
function stackedLoss(W: tf.Tensor3D, A: tf.Tensor3D, x: tf.Tensor4D, y: tf.Tensor2D, v: tf.Tensor3D): tf.Scalar {
  let h = tf.zeros([W.shape[0], B, m]) as tf.Tensor3D;
  const xs = tf.unstack(x, 1) as tf.Tensor3D[];
  for (const xl of xs) h = tf.relu(tf.add(tf.matMul(h, W), tf.matMul(xl, A)));
  const out = tf.squeeze(tf.matMul(h, v), [2]);
  return tf.mean(tf.square(tf.sub(out, y)));
}

function makeRuns(k: number) {
  return {
    W: tf.variable(tf.randomNormal([k, m, m], 0, Math.sqrt(2 / m), 'float32', 1)) as tf.Variable<tf.Rank.R3>,
    A: tf.randomNormal([k, dIn, m], 0, 1, 'float32', 2) as tf.Tensor3D,
    v: tf.randomNormal([k, m, 1], 0, 1 / Math.sqrt(m), 'float32', 3) as tf.Tensor3D,
    x: tf.randomNormal([k, L, B, dIn], 0, 1, 'float32', 4) as tf.Tensor4D,
    y: tf.randomNormal([k, B], 0, 1, 'float32', 5) as tf.Tensor2D,
  };
}

type Runs = ReturnType<typeof makeRuns>;

/** One SGD step of all the runs in `r` as one stacked step; returns the loss (to read back). */
function stepStacked(r: Runs): tf.Scalar {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => stackedLoss(r.W, r.A, r.x, r.y, r.v), [r.W]);
    r.W.assign(tf.sub(r.W, tf.mul(grads[r.W.name] as tf.Tensor, 0.01)) as tf.Tensor3D);
    return value;
  });
}

async function timeRounds(step: () => tf.Scalar[], budget: number): Promise<number> {
  for (const l of step()) l.dispose(); // warm-up (compiles the shaders)
  let rounds = 0;
  const start = performance.now();
  while (performance.now() - start < budget * 1000 || rounds < 2) {
    const losses = step();
    await Promise.all(losses.map((l) => l.data()));
    for (const l of losses) l.dispose();
    rounds += 1;
  }
  return (performance.now() - start) / 1000 / rounds;
}

async function main(): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`${backend} did not start`);
  await tf.ready();
  log(`${backend}: m=${m} L=${L} batch=${B}, ${seconds} s per way per k`);
  for (const k of ks) {
    const stacked = makeRuns(k);
    const separate = Array.from({ length: k }, () => makeRuns(1));
    // Both ways warmed up (every shader compiled), then taking turns, four each.
    await timeRounds(() => separate.map(stepStacked), 0);
    await timeRounds(() => [stepStacked(stacked)], 0);
    const TURNS = 4;
    let sideSeconds = 0;
    let stackSeconds = 0;
    for (let turn = 0; turn < TURNS; turn++) {
      sideSeconds += await timeRounds(() => separate.map(stepStacked), seconds / TURNS);
      stackSeconds += await timeRounds(() => [stepStacked(stacked)], seconds / TURNS);
    }
    const row: StackRow = {
      backend,
      k,
      sideBySide: (TURNS * k * B) / sideSeconds,
      stacked: (TURNS * k * B) / stackSeconds,
      speedup: sideSeconds / stackSeconds,
    };
    window.stackState.rows.push(row);
    log(
      `k=${k}: side by side ${row.sideBySide.toFixed(0)} samples/s, stacked ${row.stacked.toFixed(0)} samples/s, ×${row.speedup.toFixed(2)}`,
    );
    for (const r of [stacked, ...separate]) for (const t of Object.values(r)) t.dispose();
  }
  log(`tensors left: ${tf.memory().numTensors}`);
}

main()
  .catch((e: unknown) => {
    window.stackState.error = e instanceof Error ? e.message : String(e);
    log(`FAILED: ${window.stackState.error}`);
  })
  .finally(() => {
    window.stackState.status = 'done';
  });
