/**
 * The theory panel: the setting and the theorem in plain words with the formulas (KaTeX), then, chart by chart,
 * what the paper predicts next to what the current run shows (refreshed about once a second).
 */
import { useEffect, useState } from 'react';
import { Dialog } from '../classroom/Dialog';
import { getPageStore, usePage } from '../classroom/page-store';
import { useSession } from '../session-context';
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
        tex="y_j = c_j \sum_{i \in I_j} \sum_{r=1}^{p} a_{i\to j,r}\, \Phi\big(\langle w_{i\to j,r},\, x^\star_i\rangle\big)"
      />
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
      <p className="blurb">
        Allen-Zhu &amp; Li, “Can SGD Learn Recurrent Neural Networks with Provable Generalization?”, NeurIPS
        2019 (arXiv:1902.01028). The formulas above are an informal summary; the paper states exact
        conditions.
      </p>
    </section>
  );
}

export function TheoryDialog() {
  const open = usePage((s) => s.dialog === 'theory');
  return (
    <Dialog
      open={open}
      onClose={() => getPageStore().getState().openDialog(null)}
      title="Theory"
      testId="theory-dialog"
      wide
    >
      <div className="theory">
        <Setting />
        <Theorem />
        <section>
          <h3>Chart by chart</h3>
          <ChartNotes />
        </section>
      </div>
    </Dialog>
  );
}
