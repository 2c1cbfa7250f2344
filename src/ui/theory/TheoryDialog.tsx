/**
 * The theory panel: the setting and the theorem in plain words with the formulas (KaTeX), then, chart by chart,
 * what the paper predicts next to what the current run shows (refreshed about once a second).
 */
import { useEffect, useState } from 'react';
import { PageDialog } from '../classroom/Dialog';
import { isTrivial } from '../../model/baselines';
import { formatError } from '../number-format';
import { useLab, useSession } from '../session-context';
import { CHART_NOTES } from './chart-notes';
import { Tex } from './Tex';

const REFRESH_MS = 1000;

/** Re-renders at most once per REFRESH_MS while metrics arrive. */
function useMetricsTick(): number {
  const session = useSession();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = session.metrics.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = null;
        setTick((t) => t + 1);
      }, REFRESH_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [session]);
  return tick;
}

function ChartNotes() {
  const session = useSession();
  useMetricsTick();
  return (
    <dl className="chart-notes" data-testid="chart-notes">
      {CHART_NOTES.map((n) => (
        <div key={n.chart} className="chart-note">
          <dt>{n.title}</dt>
          <dd>
            <p>
              <strong>The paper predicts:</strong> {n.predicts}
            </p>
            <p data-testid={`see-${n.chart}`}>
              <strong>You see:</strong> {n.see(session)}
            </p>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Setting() {
  return (
    <section>
      <h3>The setting</h3>
      <p>
        Tokens <Tex tex="x^\star_2,\dots,x^\star_L" /> are random points on the unit sphere of{' '}
        <Tex tex="\mathbb{R}^{d_{\mathrm{in}}}" />. The teacher — the concept to learn — writes every output
        as a sum over earlier tokens of small two-layer networks, one per pair <Tex tex="i \to j" />:
      </p>
      <Tex
        display
        tex="y_j = c_j \sum_{i \in I_j} \sum_{r=1}^{p} a_{i\to j,r}\, \Phi\big(R\,\langle w_{i\to j,r},\, x^\star_i\rangle\big)"
      />
      <p>
        The teacher scale <Tex tex="R" /> sets how far into <Tex tex="\Phi" />
        ’s curve the teacher reaches: <Tex tex="\langle w, x^\star\rangle" /> has standard deviation{' '}
        <Tex tex="1/\sqrt{d_{\mathrm{in}}}" />, so at <Tex tex="R = 1" /> and{' '}
        <Tex tex="d_{\mathrm{in}} = 8" /> a sine is almost a straight line. <Tex tex="R" /> is the radius in
        the paper’s complexity <Tex tex="C(\Phi, R)" />: a larger <Tex tex="R" /> is a less linear concept,
        and a harder one.
      </p>
      <p>
        The student is an Elman network of <Tex tex="m" /> ReLU units, started at random (
        <Tex tex="W, A \sim \mathcal{N}(0, 2/m)" />, <Tex tex="B \sim \mathcal{N}(0, 1/d)" />
        ):
      </p>
      <Tex
        display
        tex="h_\ell = \mathrm{ReLU}(W h_{\ell-1} + A x_\ell), \qquad F_\ell = \lambda\, B\, h_\ell"
      />
      <p>
        Plain SGD moves the recurrent matrix <Tex tex="W" /> only, on fresh sequences every step:
      </p>
      <Tex
        display
        tex="W \leftarrow W - \eta\, \nabla_W\, \tfrac{1}{|J|}\sum_{j \in J} G\big(F_j - y_j\big)"
      />
    </section>
  );
}

function Theorem() {
  return (
    <section>
      <h3>The theorem, in plain words</h3>
      <p>
        If the network is wide enough — <Tex tex="m" /> at least polynomial in <Tex tex="L" />,{' '}
        <Tex tex="1/\varepsilon" /> and the complexity <Tex tex="C" /> of the teacher’s functions — then SGD
        on <Tex tex="W" /> learns the teacher to within <Tex tex="\varepsilon" /> of the best possible error,
        from a number of samples polynomial in <Tex tex="L" /> and <Tex tex="1/\varepsilon" /> (almost
        polynomial for some activations <Tex tex="\Phi" />) and only logarithmic in <Tex tex="m" />:
      </p>
      <Tex
        display
        tex="\mathbb{E}\big[G(F(x; W_T) - y)\big] \le \mathrm{OPT} + \varepsilon \quad\text{after}\quad T = \mathrm{poly}(C, L, \varepsilon^{-1}) \cdot \mathrm{polylog}(m) \text{ samples.}"
      />
      <p>
        Earlier generalization bounds for recurrent networks grew exponentially in <Tex tex="L" />. The proof
        works because <Tex tex="W" /> stays close to its random start (the lazy regime): few ReLU units change
        sign, and the network stays close to its first-order expansion, the pseudo-network
      </p>
      <Tex display tex="F(W) \approx F(W_0) + \big\langle \nabla_W F(W_0),\, W - W_0 \big\rangle ." />
      <p data-testid="theory-setting-differs">
        The lab’s defaults are not the theorem’s setting: the student’s inputs are the tokens at scale{' '}
        <Tex tex="\varepsilon_x = 1" /> (the proof takes <Tex tex="\varepsilon_x" /> small), SGD steps on
        batches of 32 sequences (the proof: one), <Tex tex="\eta" /> is chosen for speed, and{' '}
        <Tex tex="m = 256" /> is far below the proof’s width. The lessons “Small inputs, as in the proof” and
        “Narrow vs wide” measure what changing two of these does.
      </p>
      <p className="blurb">
        Allen-Zhu &amp; Li, “Can SGD Learn Recurrent Neural Networks with Provable Generalization?”, NeurIPS
        2019 (arXiv:1902.01028). The formulas above are an informal summary; the paper states exact
        conditions.
      </p>
    </section>
  );
}

function BaselinesSection() {
  const baselines = useLab((s) => s.baselines);
  const eps = useLab((s) => s.config.eps);
  return (
    <section data-testid="theory-baselines">
      <h3>Baselines: what a simpler predictor already gets</h3>
      <p>
        A test error means something only next to what a simpler predictor gets on the same test set, with the
        same normalization. The lab computes three for every run: predicting <strong>zero</strong> (1.0, by
        the definition of the test error), the best <strong>constant</strong> for each position, and the best{' '}
        <strong>linear map</strong> (affine) of the tokens each output reads. Both are exact optima for the
        teacher’s distribution, computed in closed form, then scored on the test set.
      </p>
      <p>
        When a baseline already reaches <Tex tex="\varepsilon" />, reaching <Tex tex="\varepsilon" /> shows
        nothing beyond it, and the status bar says so. A student whose curve crosses below the linear line has
        learned what no linear map of the tokens can express.
      </p>
      {baselines && (
        <p data-testid="theory-baselines-now">
          <strong>This run:</strong> best linear map {formatError(baselines.linear)}, best constant{' '}
          {formatError(baselines.constant)}, zero 1.0; ε = {eps}
          {isTrivial(baselines, eps)
            ? ', so a baseline already reaches ε.'
            : ', so reaching ε takes more than either baseline.'}
        </p>
      )}
    </section>
  );
}

export function TheoryDialog() {
  return (
    <PageDialog
      name="theory"
      title="Theory"
      testId="theory-dialog"
      wide
    >
      <div className="theory">
        <Setting />
        <Theorem />
        <BaselinesSection />
        <section>
          <h3>Chart by chart</h3>
          <ChartNotes />
        </section>
      </div>
    </PageDialog>
  );
}
